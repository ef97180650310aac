import json
import os
import pickle

import pytest

import signac_core
from signac_core import Job, JobsCursor, Project
from signac_core.warnings import SignacDeprecationWarning


def test_constants():
    assert Project.FN_DOCUMENT == "signac_project_document.json"
    assert Project.FN_STATEPOINTS == "signac_statepoints.json"
    assert Project.FN_CACHE == ".signac_sp_cache.json.gz"
    assert Project.KEY_DATA == "signac_data"


def test_identity_paths_repr(project):
    assert project.id == "test-project"
    with pytest.warns(SignacDeprecationWarning):
        assert project.get_id() == "test-project"
    assert project.fn("x") == os.path.join(project.root_directory(), "x")
    assert not project.isfile("x")
    assert project.isfile("signac.rc")
    assert repr(project) == f"Project.get_project({project.root_directory()!r})"
    assert eval(repr(project), {"Project": signac_core.Project}) == project
    assert pickle.loads(pickle.dumps(project)) == project
    assert hash(project) == hash(signac_core.get_project(project.root_directory()))


def test_len_iter_contains(project):
    assert len(project) == 0
    assert project.num_jobs() == 0
    assert list(project) == []
    jobs = [project.open_job({"a": i}).init() for i in range(5)]
    assert len(project) == 5
    assert sorted(project, key=lambda j: j.id) == sorted(jobs, key=lambda j: j.id)
    for job in jobs:
        assert job in project
        assert job.id in project
    assert project.open_job({"a": 10}) not in project
    assert "0" * 32 not in project
    assert "not-an-id" not in project
    assert 42 not in project
    jobs[0].remove()
    assert len(project) == 4
    assert jobs[0] not in project


def test_len_sees_changes_by_other_handles(project):
    other = signac_core.get_project(project.root_directory())
    assert len(other) == 0
    project.open_job({"a": 1}).init()
    assert len(other) == 1
    job = project.open_job({"a": 2}).init()
    assert len(other) == 2
    job.remove()
    assert len(other) == 1
    assert [j.sp() for j in other] == [{"a": 1}]


def test_listing_ignores_foreign_entries(project):
    os.makedirs(os.path.join(project.workspace(), "not-a-job"))
    with open(os.path.join(project.workspace(), "a" * 32), "w") as file:
        file.write("a file, not a job")
    os.makedirs(os.path.join(project.workspace(), "A" * 32))
    assert len(project) == 0
    assert list(project) == []


def test_open_job_by_id_and_abbreviated_id(project):
    job = project.open_job({"a": 0, "b": {"c": 0}}).init()  # 4e9a45a9...
    other = project.open_job({"a": 1, "b": {"c": 1}}).init()  # d49c6609...
    assert project.open_job(id=job.id) == job
    assert project.open_job(id=job.id[:3]) == job
    assert project.open_job(id="d4") == other
    with pytest.raises(KeyError):
        project.open_job(id="f" * 32)
    with pytest.raises(KeyError):
        project.open_job(id="ff")
    third = project.open_job({"q": 1}).init()
    for length in range(1, 32):
        prefix = third.id[:length]
        if prefix == job.id[:length] or prefix == other.id[:length]:
            with pytest.raises(LookupError):
                project.open_job(id=prefix)
    with pytest.raises(LookupError):
        project.open_job(id="")
    with pytest.raises(ValueError, match="not both"):
        project.open_job({"a": 0, "b": {"c": 0}}, id=job.id)


def test_min_len_unique_id(project):
    assert project.min_len_unique_id() == 0
    ids = [project.open_job({"a": i}).init().id for i in range(50)]
    n = project.min_len_unique_id()
    assert len({i[:n] for i in ids}) == len(ids)
    assert len({i[: n - 1] for i in ids}) < len(ids)
    for job_id in ids:
        assert project.open_job(id=job_id[:n]).id == job_id


def test_project_document(project):
    assert project.doc is project.document
    project.doc.a = 1
    project.document["b"] = {"c": 2}
    with open(project.fn(Project.FN_DOCUMENT)) as file:
        assert json.load(file) == {"a": 1, "b": {"c": 2}}
    assert signac_core.get_project(project.root_directory()).doc() == {"a": 1, "b": {"c": 2}}
    project.document = {"x": 0}
    assert project.doc() == {"x": 0}
    project.doc = {"y": 0}
    assert project.doc() == {"y": 0}


def test_statepoints_files(filled):
    project = filled
    with pytest.raises(FileNotFoundError):
        project.read_statepoints()
    project.write_statepoints()
    data = project.read_statepoints()
    assert len(data) == 10
    for job in project:
        assert data[job.id] == job.sp()
    project.write_statepoints([{"new": 1}])
    data = project.read_statepoints()
    assert len(data) == 11
    assert data[project.open_job({"new": 1}).id] == {"new": 1}
    fn = project.fn("custom.json")
    project.write_statepoints([{"x": 1}], fn=fn, indent=0)
    assert json.loads(open(fn).read()) == {project.open_job({"x": 1}).id: {"x": 1}}
    dumped = project.dump_statepoints([{"a": 1}, {"a": (1, 2)}])
    assert dumped == {
        project.open_job({"a": 1}).id: {"a": 1},
        project.open_job({"a": [1, 2]}).id: {"a": [1, 2]},
    }


def test_get_statepoint_is_deprecated(filled, tmp_path):
    job = next(iter(filled))
    with pytest.warns(SignacDeprecationWarning):
        assert filled.get_statepoint(job.id) == job.sp()
    with pytest.warns(SignacDeprecationWarning), pytest.raises(KeyError):
        filled.get_statepoint("f" * 32)
    # Falls back to the statepoints file for jobs not in the workspace.
    filled.write_statepoints([{"only": "in file"}])
    fresh = signac_core.get_project(filled.root_directory())
    with pytest.warns(SignacDeprecationWarning):
        sp = fresh.get_statepoint(fresh.open_job({"only": "in file"}).id)
    assert sp == {"only": "in file"}


def test_deprecated_statepoint_changes(project):
    job = project.open_job({"a": 1}).init()
    with pytest.warns(SignacDeprecationWarning):
        project.reset_statepoint(job, {"b": 1})
    assert job.sp() == {"b": 1}
    with pytest.warns(SignacDeprecationWarning):
        project.update_statepoint(job, {"c": 1})
    assert job.sp() == {"b": 1, "c": 1}
    with pytest.warns(SignacDeprecationWarning), pytest.raises(KeyError):
        project.update_statepoint(job, {"c": 2})
    with pytest.warns(SignacDeprecationWarning):
        project.update_statepoint(job, {"c": 2}, overwrite=True)
    assert job.sp() == {"b": 1, "c": 2}


def test_temporary_project(project):
    with signac_core.TemporaryProject() as tmp:
        assert isinstance(tmp, Project)
        root = tmp.root_directory()
        tmp.open_job({"a": 1}).init()
        assert len(tmp) == 1
    assert not os.path.exists(root)
    with signac_core.TemporaryProject(name="named", cls=Project, prefix="sig") as tmp:
        assert tmp.id == "named"
        assert os.path.basename(tmp.root_directory()).startswith("sig")
    with project.temporary_project() as tmp:
        assert tmp.root_directory().startswith(project.workspace())
        assert tmp != project
        tmp.open_job({"a": 1}).init()
        # The temporary project inside the workspace is not a job.
        assert len(project) == 0
    assert os.listdir(project.workspace()) == []
    with project.temporary_project(name="n", dir=project.root_directory()) as tmp:
        assert tmp.id == "n"


def test_custom_job_class(tmp_path):
    class MyJob(Job):
        pass

    class MyProject(Project):
        Job = MyJob

    project = MyProject.init_project("custom", root=str(tmp_path))
    assert isinstance(project, MyProject)
    job = project.open_job({"a": 1}).init()
    assert type(job) is MyJob
    assert all(type(j) is MyJob for j in project)
    assert type(project.open_job(id=job.id)) is MyJob
    assert "MyJob" in repr(job)


def test_diff_jobs(project):
    job1 = project.open_job({"constant": 42, "diff1": 0, "diff2": 1}).init()
    job2 = project.open_job({"constant": 42, "diff1": 1, "diff2": 1}).init()
    job3 = project.open_job({"constant": 42, "diff1": 2, "diff2": 2}).init()
    expected = {
        "c4af2b26f1fd256d70799ad3ce3bdad0": {"diff1": 0, "diff2": 1},
        "b96b21fada698f8934d58359c72755c0": {"diff1": 1, "diff2": 1},
        "e4289419d2b0e57e4852d44a09f167c0": {"diff1": 2, "diff2": 2},
    }
    assert signac_core.diff_jobs(job1, job2, job3) == expected
    assert signac_core.diff_jobs(*project) == expected
    assert signac_core.diff_jobs() == {}
    assert signac_core.diff_jobs(job1) == {job1.id: {}}
    a = project.open_job({"a": {"b": 1, "c": [1, 2]}, "d": 0})
    b = project.open_job({"a": {"b": 1, "c": [1, 3]}, "d": 0})
    # 1.7 returns list values as tuples, nested lists too (golden cli.json, cli-101).
    diff = signac_core.diff_jobs(a, b)
    assert diff == {a.id: {"a": {"c": (1, 2)}}, b.id: {"a": {"c": (1, 3)}}}
    assert type(diff[a.id]["a"]["c"]) is tuple
    c = project.open_job({"l": [[1], {"x": [2]}]})
    assert signac_core.diff_jobs(a, c)[c.id] == {"l": ((1,), {"x": (2,)})}


def test_repr_html(filled):
    pytest.importorskip("pandas")
    text = filled._repr_html_()
    assert text.startswith(repr(filled))
    assert "<table" in text
    cursor = filled.find_jobs({"a": 1})
    assert isinstance(cursor, JobsCursor)
    assert "<table" in cursor._repr_html_()
    assert "1</strong> job(s) found" in cursor._repr_html_()


def test_testing_helpers(project):
    from signac_core.testing import init_jobs

    jobs = init_jobs(project)
    assert len(jobs) == len(project) == 6
    more = init_jobs(project, nested=True, listed=True, heterogeneous=True)
    assert len(project) == len({job.id for job in jobs + more})
    schema = project.detect_schema()
    assert "a" in schema and "b" in schema and "a.b" in schema


def test_build_job_statepoint_index_is_deprecated(project):
    for i in range(4):
        project.open_job({"a": i, "b": {"c": i % 2}, "k": 0}).init()
    with pytest.warns(SignacDeprecationWarning):
        index = list(project.build_job_statepoint_index())
    assert [key for key, _ in index] == [("k",), ("b", "c"), ("a",)]
    values = dict(index)[("b", "c")]
    assert values[0] == {project.open_job({"a": i, "b": {"c": 0}, "k": 0}).id for i in (0, 2)}
    with pytest.warns(SignacDeprecationWarning):
        assert [k for k, _ in project.build_job_statepoint_index(exclude_const=True)] == [
            ("b", "c"),
            ("a",),
        ]
    with pytest.warns(SignacDeprecationWarning):
        schema = project.detect_schema(index=[{"_id": j.id, "sp": j.sp()} for j in project])
    assert schema == project.detect_schema()


def test_job_search_index_is_deprecated(project):
    for i in range(4):
        job = project.open_job({"a": i}).init()
        job.doc.b = i % 2
    index = [{"_id": job.id, "sp": job.sp(), "doc": job.doc()} for job in project]
    with pytest.warns(SignacDeprecationWarning):
        search = project.build_job_search_index(index)
    assert len(search) == 4
    assert search.find_job_ids({"a": 1}) == [project.open_job({"a": 1}).id]
    assert len(search.find_job_ids({"doc.b": 1})) == 2
    assert len(search.find_job_ids(doc_filter={"b": 0})) == 2
    with pytest.warns(SignacDeprecationWarning):
        ids = project.find_job_ids({"a": {"$gt": 1}}, index=index)
    assert sorted(ids) == sorted(project.open_job({"a": i}).id for i in (2, 3))
