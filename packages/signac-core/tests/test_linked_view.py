"""Linked views (fact 10) and clone / move (fact 11)."""

import os

import pytest

import signac_core
from signac_core.errors import DestinationExistsError
from signac_core.linked_view import _find_all_links


def _jobs(project, n=3):
    return [project.open_job({"a": i, "c": 0}).init() for i in range(n)]


# -- fact 10 ----------------------------------------------------------------------------
def test_view_links_are_relative_and_named_job(project, tmp_path):
    jobs = _jobs(project)
    prefix = str(tmp_path / "v")
    result = project.create_linked_view(prefix)
    assert result == {f"a/{j.sp.a}/job": j.workspace() for j in jobs}
    for job in jobs:
        link = os.path.join(prefix, "a", str(job.sp.a), "job")
        assert os.path.islink(link) and not os.path.isabs(os.readlink(link))
        assert os.path.samefile(link, job.workspace())


def test_default_prefix_is_view_in_the_cwd(project):
    _jobs(project)
    project.create_linked_view()
    assert sorted(os.listdir(os.path.join(os.getcwd(), "view", "a"))) == ["0", "1", "2"]


def test_single_job_view_and_empty_project(project, tmp_path):
    assert project.create_linked_view(str(tmp_path / "none")) == {}
    assert not os.path.exists(tmp_path / "none")
    (job,) = _jobs(project, 1)
    assert project.create_linked_view(str(tmp_path / "one")) == {"job": job.workspace()}
    assert list(_find_all_links(str(tmp_path / "one"))) == ["."]


def test_rerun_removes_stale_links_and_empty_dirs_but_keeps_other_files(project, tmp_path):
    jobs = _jobs(project)
    prefix = str(tmp_path / "v")
    project.create_linked_view(prefix)
    with open(os.path.join(prefix, "a", "notes.txt"), "w") as file:
        file.write("mine")
    jobs[2].remove()
    result = project.create_linked_view(prefix)
    assert sorted(result) == ["a/0/job", "a/1/job"]
    assert sorted(os.listdir(os.path.join(prefix, "a"))) == ["0", "1", "notes.txt"]
    # a different path replaces the tree
    project.create_linked_view(prefix, path="{job.id}")
    assert sorted(os.listdir(prefix)) == sorted([j.id for j in jobs[:2]] + ["a"])
    assert os.listdir(os.path.join(prefix, "a")) == ["notes.txt"]


def test_view_of_selected_jobs(project, tmp_path):
    jobs = _jobs(project)
    result = project.create_linked_view(str(tmp_path / "v"), job_ids=[jobs[0].id, jobs[2].id])
    assert sorted(result) == ["a/0/job", "a/2/job"]


@pytest.mark.parametrize("bad", ["x/y", "x y", "x*"])
def test_bad_characters_are_a_runtime_error(project, tmp_path, bad):
    project.open_job({"a": bad}).init()
    project.open_job({"a": "ok"}).init()
    with pytest.raises(RuntimeError, match=r"should not contain \['/', ' ', '\*'\]: ") as info:
        project.create_linked_view(str(tmp_path / "v"))
    assert str(info.value).endswith(bad)
    assert not os.path.exists(tmp_path / "v")


def test_bad_characters_in_keys(project, tmp_path):
    project.open_job({"a b": 1}).init()
    project.open_job({"a b": 2}).init()
    with pytest.raises(RuntimeError, match="a b"):
        project.create_linked_view(str(tmp_path / "v"))


def test_find_all_links(tmp_path):
    (tmp_path / "x" / "1").mkdir(parents=True)
    (tmp_path / "x" / "1" / "job").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "y" / "job").write_text("")
    assert sorted(_find_all_links(str(tmp_path))) == ["x/1", "y"]
    assert sorted(_find_all_links(str(tmp_path), leaf="1")) == ["x"]


def test_view_path_escaping_the_prefix_is_refused(project, tmp_path):
    _jobs(project)
    with pytest.raises(ValueError, match="outside"):
        project.create_linked_view(str(tmp_path / "v"), path="../{a}")
    assert not os.path.exists(tmp_path / "v")


# -- fact 11: clone and move ----------------------------------------------------------------
@pytest.fixture
def other(tmp_path):
    return signac_core.init_project("other", root=str(tmp_path / "other"))


def test_clone_returns_the_new_job(project, other):
    job = project.open_job({"a": 1}).init()
    job.doc.x = 1
    with open(job.fn("f"), "w") as file:
        file.write("data")
    new = other.clone(job)
    assert new in other and new.id == job.id and new.project == other
    assert new.doc.x == 1 and os.path.isfile(new.fn("f"))
    assert job in project  # a copy


def test_clone_existing_raises_with_that_job(project, other):
    job = project.open_job({"a": 1}).init()
    other.clone(job)
    with pytest.raises(DestinationExistsError) as info:
        other.clone(job)
    assert info.value.destination == other.open_job(id=job.id)


def test_clone_uninitialized_source_is_a_value_error(project, other):
    with pytest.raises(ValueError):
        other.clone(project.open_job({"a": 1}))
    assert len(other) == 0


def test_clone_with_copytree(project, other):
    job = project.open_job({"a": 1}).init()
    calls = []

    def copytree(src, dst):
        calls.append((src, dst))
        import shutil

        shutil.copytree(src, dst)

    new = other.clone(job, copytree=copytree)
    assert calls == [(job.workspace(), new.workspace())]


def test_move_rebinds_the_same_job_object(project, other):
    job = project.open_job({"a": 1}).init()
    handle = job
    job.move(other)
    assert job is handle
    dst = other.open_job({"a": 1})
    assert job == dst and hash(job) == hash(dst)
    assert job.project == other and job not in project


def test_move_to_existing_raises(project, other):
    job = project.open_job({"a": 1}).init()
    other.open_job({"a": 1}).init()
    with pytest.raises(DestinationExistsError) as info:
        job.move(other)
    assert info.value.destination == other.open_job({"a": 1})
    assert job in project
