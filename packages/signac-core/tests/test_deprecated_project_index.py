"""Fact 6 (and the access module of fact 5) of issue 15: Project.index and its consumers."""

import hashlib
import os
import stat

import pytest

from signac_core import get_project
from signac_core.errors import JobsCorruptedError
from signac_core.warnings import DeprecatedWarning

REMOVED = "will be removed in 2.0"


def quiet(function, *args, **kwargs):
    with pytest.warns(DeprecatedWarning, match=REMOVED):
        return function(*args, **kwargs)


@pytest.fixture
def jobs(project):
    """Three jobs; two with documents (one of them empty) and a text file each."""
    out = []
    for i in range(3):
        job = project.open_job({"a": i, "b": {"c": i % 2}})
        job.init()
        if i == 1:
            job.doc["d"] = i
        if i == 2:
            job.doc["e"] = 0
            del job.doc["e"]  # an empty document file
        with open(job.fn(f"out_{i}.txt"), "w") as file:
            file.write(f"job {i}")
        with open(job.fn("skip.dat"), "w") as file:
            file.write("not indexed")
        out.append(job)
    return out


def test_index_without_formats_has_one_doc_per_job(project, jobs):
    docs = {doc["_id"]: doc for doc in quiet(project.index)}
    assert set(docs) == {job.id for job in jobs}
    for job in jobs:
        doc = docs[job.id]
        assert doc["sp"] == job.statepoint()
        assert doc["signac_id"] == job.id
        assert doc["root"] == project.workspace()
    assert docs[jobs[1].id]["doc"] == {"d": 1}
    assert "doc" not in docs[jobs[0].id]  # no document
    assert "doc" not in docs[jobs[2].id]  # an empty document
    assert set(docs[jobs[1].id]) == {"_id", "sp", "doc", "signac_id", "root"}


def test_index_without_job_documents(project, jobs):
    assert all("doc" not in doc for doc in quiet(project.index, include_job_document=False))


def test_index_with_a_pattern_adds_the_matching_files(project, jobs):
    docs = list(quiet(project.index, r".*\.txt"))
    files = [doc for doc in docs if "filename" in doc]
    job_docs = [doc for doc in docs if "filename" not in doc]
    assert len(files) == 3 and len(job_docs) == 3
    by_job = {job.id: job for job in jobs}
    for doc in files:
        job = by_job[doc["signac_id"]]
        i = job.statepoint()["a"]
        assert doc["filename"] == os.path.join(job.id, f"out_{i}.txt")
        assert doc["format"] == "File"
        assert doc["md5"] == doc["file_id"] == hashlib.md5(f"job {i}".encode()).hexdigest()
        assert doc["statepoint"] == job.statepoint()
    assert len({doc["_id"] for doc in docs}) == 6
    job_doc = next(doc for doc in job_docs if doc["signac_id"] == jobs[1].id)
    assert job_doc["statepoint"] == jobs[1].statepoint()
    assert job_doc["d"] == 1  # the document keys are merged in
    assert job_doc["root"] == project.workspace()


def test_index_with_a_dict_of_formats(project, jobs):
    docs = quiet(project.index, {r".*\.txt": "TextFile", r".*\.dat": "DataFile"})
    formats = sorted(doc["format"] for doc in docs if "filename" in doc)
    assert formats == ["DataFile"] * 3 + ["TextFile"] * 3


def test_index_rejects_a_set_of_formats(project, jobs):
    with pytest.warns(DeprecatedWarning), pytest.raises(TypeError, match="formats"):
        project.index({r".*\.txt", "TextFile"})


def test_index_skips_corrupted_jobs_only_when_asked(project, jobs):
    with open(os.path.join(jobs[0].workspace(), "signac_statepoint.json"), "w") as file:
        file.write("{corrupted")
    fresh = get_project(project.root_directory())  # no state points in memory
    with pytest.raises(JobsCorruptedError, match=jobs[0].id):
        list(quiet(fresh.index))
    docs = list(quiet(fresh.index, skip_errors=True))
    assert {doc["_id"] for doc in docs} == {jobs[1].id, jobs[2].id}
    docs = list(quiet(fresh.index, r".*\.txt", skip_errors=True))
    assert jobs[0].id not in {doc["signac_id"] for doc in docs}
    assert len(docs) == 4


def test_the_index_is_accepted_by_the_index_arguments(project, jobs):
    index = list(quiet(project.index))
    assert sorted(quiet(project.find_job_ids, {"a": 1}, index=index)) == [jobs[1].id]
    assert sorted(quiet(project.find_job_ids, index=index)) == sorted(job.id for job in jobs)
    assert quiet(project.detect_schema, index=index) == project.detect_schema()
    with_files = list(quiet(project.index, r".*\.txt"))
    assert quiet(project.detect_schema, index=with_files).keys() == project.detect_schema().keys()
    by_key = dict(quiet(lambda: list(project.build_job_statepoint_index(index=index))))
    assert by_key[("a",)][1] == {jobs[1].id}
    search = quiet(project.build_job_search_index, index)
    assert set(search.find_job_ids({"b.c": 0})) == {jobs[0].id, jobs[2].id}


def test_repair_from_the_index(project, jobs):
    index = list(quiet(project.index))
    os.remove(os.path.join(jobs[1].workspace(), "signac_statepoint.json"))
    quiet(project.repair, index=index)
    project.check()


def test_create_access_module(project):
    path = quiet(project.create_access_module)
    assert path == os.path.join(project.root_directory(), "signac_access.py")
    assert os.stat(path).st_mode & stat.S_IXUSR
    with open(path) as file:
        text = file.read()
    assert "def get_indexes(root):" in text and "__main__" in text
    with pytest.warns(DeprecatedWarning), pytest.raises(FileExistsError):
        project.create_access_module()  # exclusive
    other = os.path.join(project.root_directory(), "minimal_access.py")
    assert quiet(project.create_access_module, other, main=False) == other
    assert not os.stat(other).st_mode & stat.S_IXUSR
    with open(other) as file:
        assert "__main__" not in file.read()
    legacy = os.path.join(project.root_directory(), "legacy_access.py")
    with pytest.warns(DeprecatedWarning) as caught:
        project.create_access_module(legacy, master=False)
    assert any("master" in str(w.message) for w in caught)
    assert not os.stat(legacy).st_mode & stat.S_IXUSR


def test_document_keys_never_replace_the_index_keys(project):
    job = project.open_job({"a": 0})
    job.init()
    job.doc.update({"root": "mine", "_id": "mine", "statepoint": "mine", "kept": True})
    (doc,) = quiet(project.index, r"none-such")
    assert doc["_id"] == doc["signac_id"] == job.id
    assert doc["root"] == project.workspace() and doc["statepoint"] == {"a": 0}
    assert doc["kept"] is True
