"""``signac.testing.init_jobs`` and ``signac.contrib.utility._mkdir_p`` (issue 13, item 9)."""

import pytest

import signac_core
from signac_core._fsutil import _mkdir_p
from signac_core.testing import init_jobs

PLAIN = [1, 1.0, "1", False, True, None]


def test_init_jobs_default(project):
    jobs = init_jobs(project)
    assert [job.sp() for job in jobs] == [{"a": value} for value in PLAIN]
    assert all(job in project for job in jobs)
    assert len(project) == 6
    assert len({job.id for job in jobs}) == 6  # 1, 1.0 and True are different jobs


@pytest.mark.parametrize(
    ("kwargs", "count"),
    [
        ({}, 6),
        ({"nested": True}, 12),
        ({"listed": True}, 12),
        ({"nested": True, "listed": True}, 24),
        ({"heterogeneous": True}, 12),
        ({"nested": True, "listed": True, "heterogeneous": True}, 48),
    ],
)
def test_init_jobs_shapes(tmp_path, kwargs, count):
    project = signac_core.init_project("shapes", root=str(tmp_path / "p"))
    jobs = init_jobs(project, **kwargs)
    assert len(jobs) == len(project) == count
    values = [job.sp().get("a", job.sp().get("b")) for job in jobs]
    if kwargs.get("nested"):
        assert any(isinstance(value, dict) for value in values)
    if kwargs.get("listed"):
        assert any(isinstance(value, list) for value in values)
    if kwargs.get("heterogeneous"):
        assert {tuple(job.sp.keys()) for job in jobs} == {("a",), ("b",)}
        if kwargs.get("nested"):
            assert {"b": 1, "c": 0} in values  # nested values differ in shape
    else:
        assert {tuple(job.sp.keys()) for job in jobs} == {("a",)}


def test_init_jobs_is_reproducible(tmp_path):
    first = signac_core.init_project("one", root=str(tmp_path / "one"))
    second = signac_core.init_project("two", root=str(tmp_path / "two"))
    kwargs = {"nested": True, "listed": True, "heterogeneous": True}
    ids = [job.id for job in init_jobs(first, **kwargs)]
    assert [job.id for job in init_jobs(second, **kwargs)] == ids
    assert [job.id for job in init_jobs(first, **kwargs)] == ids  # again: the same jobs
    assert len(first) == len(ids)


def test_mkdir_p(tmp_path):
    path = tmp_path / "a" / "b" / "c"
    _mkdir_p(str(path))
    assert path.is_dir()
    _mkdir_p(str(path))  # exists: nothing happens
    (tmp_path / "file").write_text("x")
    with pytest.raises(FileExistsError):
        _mkdir_p(str(tmp_path / "file"))
