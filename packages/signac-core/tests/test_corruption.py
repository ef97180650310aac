import json
import os

import pytest

import signac_core
from signac_core import Job
from signac_core.errors import JobsCorruptedError


def fresh(project):
    """A new handle on the project (empty in-memory cache)."""
    return signac_core.get_project(project.root_directory())


def snapshot(project):
    out = {}
    for root, _dirs, files in os.walk(project.workspace()):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as file:
                out[os.path.relpath(path, project.workspace())] = file.read()
    return out


def corrupt_all_ways(filled):
    jobs = sorted(filled, key=lambda job: job.sp.a)
    missing, invalid, mismatch, emptied = jobs[:4]
    os.unlink(missing.fn(Job.FN_MANIFEST))
    with open(invalid.fn(Job.FN_MANIFEST), "w") as file:
        file.write("{not json")
    with open(mismatch.fn(Job.FN_MANIFEST), "w") as file:
        json.dump({"a": 1000}, file)
    with open(emptied.fn(Job.FN_MANIFEST), "w") as file:
        file.write("")
    return {job.id for job in (missing, invalid, mismatch, emptied)}


def lose_manifests(filled):
    """Remove, garble and empty three manifests (the cases a state point source repairs)."""
    jobs = sorted(filled, key=lambda job: job.sp.a)
    missing, invalid, emptied = jobs[:3]
    os.unlink(missing.fn(Job.FN_MANIFEST))
    with open(invalid.fn(Job.FN_MANIFEST), "w") as file:
        file.write("{not json")
    with open(emptied.fn(Job.FN_MANIFEST), "w") as file:
        file.write("")
    return {job.id for job in (missing, invalid, emptied)}


def test_check_reports_corrupted_jobs(filled):
    filled.check()
    bad = corrupt_all_ways(filled)
    before = snapshot(filled)
    with pytest.raises(JobsCorruptedError) as info:
        fresh(filled).check()
    assert set(info.value.job_ids) == bad
    assert snapshot(filled) == before  # validation changes nothing


def test_iteration_and_find_survive_corruption(filled):
    bad = corrupt_all_ways(filled)
    project = fresh(filled)
    before = snapshot(filled)
    assert len(project) == 10
    assert len(list(project)) == 10  # handles; the state point is read lazily
    with pytest.raises(JobsCorruptedError) as info:  # as in signac 1.7
        list(project.find_jobs({"const": 0}))
    assert set(info.value.job_ids) == bad
    with pytest.warns(RuntimeWarning):
        schema = project.detect_schema()
    assert len(schema["a"][int]) == 6
    with pytest.warns(RuntimeWarning):
        assert len([k for k, _ in project.groupby("a")]) == 6
    for job_id in bad:
        with pytest.raises(JobsCorruptedError):
            project.open_job(id=job_id)
    assert snapshot(filled) == before


def test_init_force_repairs_a_job(filled):
    job = next(iter(filled))
    sp = job.sp()
    with open(job.fn(Job.FN_MANIFEST), "w") as file:
        file.write("garbage")
    with pytest.raises(JobsCorruptedError):
        filled.open_job(sp).init()
    filled.open_job(sp).init(force=True)
    assert json.loads(open(job.fn(Job.FN_MANIFEST)).read()) == sp
    filled.check()


def test_repair_from_persistent_cache(filled):
    filled.update_cache()
    lose_manifests(filled)
    project = fresh(filled)
    project.repair()
    project.check()
    assert sorted(job.sp.a for job in project) == list(range(10))


def test_repair_from_in_memory_cache(filled):
    statepoints = {job.id: job.sp() for job in filled}
    lose_manifests(filled)
    filled.repair()
    filled.check()
    assert {job.id: job.sp() for job in fresh(filled)} == statepoints


def test_repair_from_statepoints_file(filled):
    filled.write_statepoints()
    lose_manifests(filled)
    project = fresh(filled)
    project.repair()
    project.check()
    fn = filled.fn("other.json")
    os.rename(filled.fn(Project_FN := "signac_statepoints.json"), fn)
    assert not filled.isfile(Project_FN)
    lose_manifests(filled)
    project = fresh(filled)
    with pytest.raises(JobsCorruptedError):
        project.repair()  # no source for the state points
    project = fresh(filled)
    project.repair(fn_statepoints=fn)
    project.check()


def test_repair_renamed_directory(filled):
    job = next(iter(filled))
    wrong = os.path.join(filled.workspace(), "0" * 32)
    os.rename(job.ws, wrong)
    project = fresh(filled)
    with pytest.raises(JobsCorruptedError) as info:
        project.check()
    assert info.value.job_ids == ["0" * 32]
    project.repair()
    project.check()
    assert job in project
    assert not os.path.exists(wrong)


def test_repair_reports_what_it_cannot_fix(filled):
    bad = corrupt_all_ways(filled)
    project = fresh(filled)
    with pytest.raises(JobsCorruptedError) as info:
        project.repair(job_ids=sorted(bad))
    # The job whose manifest belongs to another state point is moved there;
    # the three without a readable manifest cannot be repaired.
    assert len(info.value.job_ids) == 3
    assert set(info.value.job_ids) < bad
    assert project.open_job({"a": 1000}) in project
    assert len(project) == 10  # nothing removed


def test_repair_with_index_is_deprecated(filled):
    from signac_core.warnings import SignacDeprecationWarning

    job = next(iter(filled))
    index = [{"_id": job.id, "signac_id": job.id, "sp": job.sp()}]
    os.unlink(job.fn(Job.FN_MANIFEST))
    project = fresh(filled)
    with pytest.warns(SignacDeprecationWarning):
        project.repair(index=index, job_ids=[job.id])
    project.check()


def test_corrupt_document_is_skipped_with_warning(filled):
    job = next(iter(filled))
    job.doc.x = 1
    with open(job.fn(Job.FN_DOCUMENT), "w") as file:
        file.write("{broken")
    with pytest.warns(RuntimeWarning, match="unreadable document"):
        assert len(filled.find_jobs({"doc.x": {"$exists": False}})) == 9
    with pytest.warns(RuntimeWarning):
        assert len(filled.to_dataframe()) == 9


def test_directory_without_manifest_is_reported(filled):
    job = next(iter(filled))
    os.unlink(job.fn(Job.FN_MANIFEST))
    project = fresh(filled)
    with pytest.raises(JobsCorruptedError, match=job.id):
        project.find_jobs({"const": 0})
        len(project.find_jobs({"const": 0}))


def test_job_removed_after_listing_is_skipped_silently(filled, recwarn):
    project = fresh(filled)
    ids = list(project._job_ids())
    victim = filled.open_job(id=ids[0])
    victim.remove()
    statepoints, corrupted = project._statepoints(ids)
    assert corrupted == []
    assert len(statepoints) == 9


def test_repr_of_a_corrupted_job(filled):
    job = next(iter(filled))
    os.unlink(job.fn(Job.FN_MANIFEST))
    (handle,) = (j for j in fresh(filled) if j.id == job.id)  # iteration reads nothing
    assert repr(handle) == f"{filled!r}.open_job(id={job.id!r})"
    with pytest.raises(JobsCorruptedError):  # opening by id reads the manifest
        eval(repr(handle), {"Project": signac_core.Project})
