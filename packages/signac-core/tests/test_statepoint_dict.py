import pytest
from synced_collections.backends.collection_json import JSONAttrDict

import signac_core


def test_statepoint_is_a_synced_attr_dict(project):
    job = project.open_job({"a": 1, "b": {"c": [1, {"d": 2}]}}).init()
    sp = job.statepoint
    assert isinstance(sp, JSONAttrDict)
    assert sp == {"a": 1, "b": {"c": [1, {"d": 2}]}}
    assert dict(sp)["a"] == 1
    assert len(sp) == 2
    assert set(sp) == {"a", "b"}
    assert "a" in sp
    assert sp.b.c[1].d == 2
    assert repr(sp) == repr({"a": 1, "b": {"c": [1, {"d": 2}]}})
    assert sp.filename == job.fn("signac_statepoint.json")


def test_nested_list_changes_move_the_job(project):
    job = project.open_job({"a": 1, "b": {"c": [1, {"d": 2}]}}).init()
    job.sp.b.c.append(3)
    assert job.sp() == {"a": 1, "b": {"c": [1, {"d": 2}, 3]}}
    assert job.id == project.open_job(job.sp()).id
    job.sp.b.c[1].d = 5
    assert job.id == project.open_job({"a": 1, "b": {"c": [1, {"d": 5}, 3]}}).id
    assert len(project) == 1
    assert project.open_job(id=job.id).sp() == job.sp()


def test_statepoint_edit_through_two_handles(project):
    job = project.open_job({"a": 1}).init()
    other = signac_core.get_project(project.root_directory()).open_job(id=job.id)
    other.sp.a = 2
    assert other.id == project.open_job({"a": 2}).id
    assert len(project) == 1
    # The first handle still points at the old id (as in signac 1.x).
    assert job.id not in project


def test_failed_change_leaves_handle_usable(project):
    job = project.open_job({"a": 1, "n": {"x": 1}}).init()
    project.open_job({"a": 1, "n": {"x": 2}}).init()
    with pytest.raises(signac_core.errors.DestinationExistsError):
        job.sp.n.x = 2
    assert job.sp.n.x == 1
    assert job.sp() == {"a": 1, "n": {"x": 1}}
    job.sp.n.x = 3
    assert job.sp() == {"a": 1, "n": {"x": 3}}


def test_setdefault_update_pop(project):
    job = project.open_job({"a": 1}).init()
    job.sp.setdefault("b", 2)
    job.sp.update({"c": 3})
    assert job.sp.pop("a") == 1
    assert job.sp() == {"b": 2, "c": 3}
    assert project.open_job(id=job.id).sp() == {"b": 2, "c": 3}


def test_reads_before_and_after_modification(project):
    job = project.open_job({"a": 1, "b": {"c": 2}, "l": [1]}).init()
    fresh = signac_core.get_project(project.root_directory()).open_job(id=job.id)
    sp = fresh.sp
    assert sp["a"] == 1 and sp.a == 1 and sp.get("a") == 1
    assert sp.get("zzz") is None and sp.get("zzz", 5) == 5
    with pytest.raises(KeyError):
        sp["zzz"]
    with pytest.raises(AttributeError):
        sp.zzz  # noqa: B018
    assert "a" in sp and "zzz" not in sp
    assert len(sp) == 3 and list(sp) == ["a", "b", "l"]
    assert sp.b.c == 2 and sp["l"] == [1]
    fresh.reset_statepoint({"a": 5})
    assert sp.a == 5 and len(sp) == 1 and "b" not in sp
    sp.x = 1
    assert sp() == {"a": 5, "x": 1} and sp.x == 1 and sp.get("x") == 1
    assert dict(sp.items()) == {"a": 5, "x": 1}
    other = project.open_job({"q": 1})
    other.sp.q = 2  # not initialized, not materialized before
    assert other.sp.q == 2 and other.id == project.open_job({"q": 2}).id
