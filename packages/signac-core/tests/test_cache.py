import gzip
import json
import os
import time

import pytest

import signac_core
from signac_core import Job, _cache, _workspace


def fresh(project):
    return signac_core.get_project(project.root_directory())


@pytest.fixture
def listings(monkeypatch):
    """A list that gets one entry per listing of a workspace directory."""
    calls = []
    real = _workspace.WorkspaceListing._list
    monkeypatch.setattr(
        _workspace.WorkspaceListing, "_list", lambda self: calls.append(1) or real(self)
    )
    return calls


def test_update_cache_writes_signac_1x_format(filled):
    assert not filled.isfile(".signac_sp_cache.json.gz")
    filled.update_cache()
    with gzip.open(filled.fn(".signac_sp_cache.json.gz"), "rb") as file:
        cache = json.loads(file.read())
    assert cache == {job.id: job.sp() for job in filled}


def test_update_cache_returns_the_size_or_none_when_up_to_date(filled):
    # signac 1.7: the number of cached state points when written, else None.
    assert filled.update_cache() == len(filled)
    assert filled.update_cache() is None
    filled.open_job({"new": 1}).init()
    assert filled.update_cache() == len(filled)


def test_cache_is_the_read_path(filled, monkeypatch):
    filled.update_cache()
    project = fresh(filled)
    reads = []
    real = _workspace.read_manifest
    monkeypatch.setattr(_workspace, "read_manifest", lambda *a: reads.append(a) or real(*a))
    monkeypatch.setattr(_cache, "read_verified", lambda *a: reads.append(a) or real(*a))
    assert len(project.find_jobs({"a": {"$gt": 4}})) == 5
    assert sorted(job.sp.a for job in project) == list(range(10))
    assert project.detect_schema()["a"] == {int: set(range(10))}
    assert reads == []


def test_cache_never_reports_removed_or_moved_jobs(filled):
    filled.update_cache()
    project = fresh(filled)
    job = project.open_job(id=next(iter(filled)).id)
    old_id = job.id
    job.sp.a = 100
    gone = project.open_job({"a": 1, "b": {"c": 1}, "const": 0})
    gone.remove()
    other = fresh(filled)
    ids = {j.id for j in other}
    assert old_id not in ids and gone.id not in ids and job.id in ids
    assert len(other.find_jobs({"a": 100})) == 1
    assert len(other.find_jobs({"a": 1})) == 0
    assert len(other) == 9


def test_jobs_added_elsewhere_are_found(filled):
    project = fresh(filled)
    assert len(project.find_jobs({"a": 50})) == 0
    filled.open_job({"a": 50}).init()
    assert len(project.find_jobs({"a": 50})) == 1


def test_reading_never_writes_the_persistent_cache(filled):
    project = fresh(filled)
    list(project.find_jobs({"a": 1}))
    project.detect_schema()
    assert not project.isfile(".signac_sp_cache.json.gz")


def test_unreadable_persistent_cache_is_ignored(filled):
    with open(filled.fn(".signac_sp_cache.json.gz"), "wb") as file:
        file.write(b"not gzip")
    project = fresh(filled)
    assert len(project.find_jobs({"a": 1})) == 1
    project.update_cache()
    assert len(fresh(filled).find_jobs({"a": 1})) == 1


def test_listing_is_reused_while_the_workspace_is_unchanged(filled, listings):
    project = fresh(filled)
    calls = listings
    time.sleep(0.1)  # leave the racy window of the last change
    assert len(project) == 10
    assert len(calls) == 1
    assert len(project) == 10
    list(project)
    assert len(calls) == 1
    filled.open_job({"a": 99}).init()  # by another handle
    assert len(project) == 11
    assert len(calls) == 2
    job = filled.open_job({"a": 99})
    job.remove()
    assert len(project) == 10


def test_listing_of_missing_workspace(project):
    os.rmdir(project.workspace())
    assert len(project) == 0
    assert list(project) == []
    job = project.open_job({"a": 1}).init()
    assert len(project) == 1
    assert job in project


def test_open_job_by_id_from_the_cache_does_not_read_the_job(filled, monkeypatch):
    ids = [job.id for job in filled]
    filled.update_cache()
    project = fresh(filled)
    monkeypatch.setattr(_cache, "read_verified", lambda *a: pytest.fail("read"))
    for job_id in ids:
        assert project.open_job(id=job_id).id == job_id
        assert job_id in project


def test_workspace_error(tmp_path, project):
    from signac_core.errors import WorkspaceError

    os.rmdir(project.workspace())
    with open(project.workspace(), "w") as file:
        file.write("a file where the workspace should be")
    with pytest.raises(WorkspaceError):
        len(project)
    assert Job.FN_MANIFEST


def test_racy_rule(monkeypatch):
    now = 1_700_000_000_123_456_789
    monkeypatch.setattr(_workspace, "_now_ns", lambda: now)
    margin = _workspace.RACY_MARGIN_NS
    fine = now - 2 * margin + 123  # not a whole tick
    assert _workspace.settled(fine, fine)
    assert not _workspace.settled(now - margin // 2, fine)  # mtime within the margin
    assert not _workspace.settled(fine, now - margin // 2)  # ctime within the margin
    whole = (now // 10**9 - 1) * 10**9  # whole seconds, one second ago
    assert _workspace.coarse(whole, whole)
    assert not _workspace.settled(whole, whole)  # coarse: vouches for nothing ...
    assert not _workspace.settled(whole, whole, 2 * 10**9)  # ... or after a larger margin
    assert _workspace.settled(whole - 2 * 10**9, whole - 2 * 10**9, 2 * 10**9)


def test_a_racy_listing_is_not_reused(filled, listings, monkeypatch):
    project = fresh(filled)
    calls = listings
    st = os.stat(filled.workspace())
    monkeypatch.setattr(_workspace, "_now_ns", lambda: max(st.st_mtime_ns, st.st_ctime_ns) + 1000)
    len(project)
    len(project)
    assert len(calls) == 2  # listed within the tick of the last change: listed again
    monkeypatch.setattr(_workspace, "_now_ns", lambda: max(st.st_mtime_ns, st.st_ctime_ns) + 10**9)
    len(project)
    len(project)
    assert len(calls) == 3


def test_listing_has_a_maximum_age(filled, listings, monkeypatch):
    project = fresh(filled)
    calls = listings
    time.sleep(0.1)
    len(project)
    len(project)
    assert len(calls) == 1
    monkeypatch.setattr(_workspace, "_MAX_AGE_NS", 0)
    len(project)
    assert len(calls) == 2
