"""Every case of paths.json: export layouts and linked views measured on signac 1.7.

Jobs are met in the order of ``"statepoints"`` (``export_jobs`` and
``create_linked_view(job_ids=...)`` keep the order given). A
``job_order_dependent`` case agrees when either observation matches. Escaping
exports (``"escapes": true``, and those where signac 1.7 failed writing under
``/``) are refused with a ValueError before anything is written.
"""

import errno
import json
import os

import pytest

import signac_core
from signac_core.import_export import export_jobs
from signac_core.linked_view import create_linked_view

with open(os.path.join(os.path.dirname(__file__), "data", "paths.json")) as _file:
    CASES = json.load(_file)["cases"]


def _entries(kind):
    for case in CASES:
        for i, entry in enumerate(case[kind]):
            yield pytest.param(case, i, id=f"{case['case']}-{i}-{entry['path']!r}")


def _mro(error):
    names = []
    for cls in type(error).__mro__:
        if cls in (BaseException, object):
            continue
        names.append(cls.__name__)
    return names


def _observations(case, kind, i):
    yield case[kind][i]
    other = (case.get("other_run") or {}).get(kind)
    if other is not None:
        yield other[i]


def _escapes(entry):
    if entry.get("escapes"):
        return True
    error = entry.get("error")
    # signac 1.7 tried to write such jobs under "/" and failed there.
    return bool(error and error["type"] == "OSError" and "[Errno 30]" in error["message"])


def _project(tmp_path, case):
    project = signac_core.init_project("golden", root=str(tmp_path / "project"))
    jobs = []
    for sp in case["statepoints"]:
        job = project.open_job(sp).init()
        with open(job.fn("data.txt"), "w") as file:
            file.write(job.id)
        jobs.append(job)
    assert [job.id for job in jobs] == case["job_ids"]
    return project, jobs


def _snapshot(root):
    return sorted(
        os.path.relpath(os.path.join(d, n), root)
        for d, dirs, files in os.walk(root)
        for n in dirs + files
    )


def _check_error(raised, expected, root):
    if expected["type"] == "FileExistsError":
        return isinstance(raised, FileExistsError)
    message = str(raised).replace(root, "<ROOT>")
    return (
        type(raised).__name__ == expected["type"]
        and _mro(raised) == expected["mro"]
        and message == expected["message"]
    )


@pytest.mark.parametrize(("case", "i"), list(_entries("exports")))
def test_export_paths(tmp_path, case, i):
    project, jobs = _project(tmp_path, case)
    path = case["exports"][i]["path"]
    target = str(tmp_path / "export")
    before = _snapshot(str(tmp_path))
    try:
        result = dict(export_jobs(jobs, target, path=path))
    except Exception as error:  # compared with the observations below
        raised = error
    else:
        raised = None
    observations = list(_observations(case, "exports", i))
    if any(_escapes(entry) for entry in observations):
        assert isinstance(raised, ValueError), raised
        assert "outside" in str(raised)
        assert _snapshot(str(tmp_path)) == before  # nothing was written anywhere
        return
    if raised is not None:
        assert any(
            "error" in entry and _check_error(raised, entry["error"], project.root_directory())
            for entry in observations
        ), (type(raised).__name__, str(raised), observations)
        assert _snapshot(str(tmp_path)) == before  # refused before anything was written
        return
    ours = {dst: os.path.basename(src) for src, dst in result.items()}
    on_disk = sorted(
        os.path.relpath(d, target).replace(os.sep, "/")
        for d, _, files in os.walk(target)
        if "signac_statepoint.json" in files
    )

    def agrees(entry):
        if "paths" not in entry or entry["paths"] != ours:
            return False
        expected = entry.get("on_disk") or sorted(os.path.normpath(p or ".") for p in ours)
        return sorted(expected) == on_disk

    assert any(agrees(entry) for entry in observations), (ours, on_disk, observations)
    for src, dst in result.items():  # the files came along
        with open(os.path.join(target, dst, "data.txt")) as file:
            assert file.read() == os.path.basename(src)


@pytest.mark.parametrize(("case", "i"), list(_entries("views")))
def test_view_links(tmp_path, case, i):
    project, jobs = _project(tmp_path, case)
    path = case["views"][i]["path"]
    prefix = str(tmp_path / "view")
    before = _snapshot(str(tmp_path))
    try:
        result = create_linked_view(project, prefix, job_ids=[j.id for j in jobs], path=path)
    except Exception as error:  # compared with the observations below
        raised = error
    else:
        raised = None
    observations = list(_observations(case, "views", i))
    if any(_escapes(entry) for entry in observations):
        assert isinstance(raised, ValueError), raised
        assert _snapshot(str(tmp_path)) == before
        return
    if raised is not None:
        assert any(
            "error" in entry and _check_error(raised, entry["error"], project.root_directory())
            for entry in observations
        ), (type(raised).__name__, str(raised), observations)
        assert _snapshot(str(tmp_path)) == before
        return
    links = {}
    relative = True
    for d, dirs, files in os.walk(prefix):
        for name in dirs + files:
            full = os.path.join(d, name)
            if os.path.islink(full):
                target = os.readlink(full)
                relative &= not os.path.isabs(target)
                rel = os.path.relpath(full, prefix).replace(os.sep, "/")
                links[rel] = os.path.basename(os.path.realpath(full))
    assert {k.replace(os.sep, "/"): os.path.basename(v) for k, v in result.items()} == links
    assert any(
        entry.get("links") == links and entry.get("relative_links") == relative
        for entry in observations
    ), (links, observations)


def test_every_case_is_collected():
    assert len(CASES) == 120
    assert sum(len(c["exports"]) for c in CASES) == 1826
    assert sum(len(c["views"]) for c in CASES) == 461
    assert errno.EROFS == 30
