import copy
import json
import os
import pickle

import pytest

import signac_core
from signac_core import Job
from signac_core.errors import DestinationExistsError, InvalidKeyError, KeyTypeError
from signac_core.warnings import SignacDeprecationWarning

from .conftest import SPEC_IDS, manifest


def test_constants():
    assert Job.FN_MANIFEST == "signac_statepoint.json"
    assert Job.FN_DOCUMENT == "signac_job_document.json"
    assert Job.KEY_DATA == "signac_data"


@pytest.mark.parametrize(("statepoint", "job_id"), SPEC_IDS)
def test_job_ids_match_the_spec(project, statepoint, job_id):
    job = project.open_job(statepoint)
    assert job.id == job_id
    assert str(job) == job_id
    job.init()
    assert os.path.isdir(os.path.join(project.workspace(), job_id))
    assert json.loads(manifest(job)) == statepoint
    assert manifest(job) == json.dumps(statepoint)


def test_init_returns_job_and_is_idempotent(project):
    job = project.open_job({"a": 1})
    assert job not in project
    assert job.init() is job
    assert job in project
    mtime = os.stat(job.fn(Job.FN_MANIFEST)).st_mtime_ns
    job.init()
    assert os.stat(job.fn(Job.FN_MANIFEST)).st_mtime_ns == mtime
    assert len(project) == 1


def test_paths(project):
    job = project.open_job({"a": 1})
    assert job.workspace() == os.path.join(project.workspace(), job.id)
    assert job.ws == job.workspace()
    assert job.fn("x.txt") == os.path.join(job.ws, "x.txt")
    assert not job.isfile("x.txt")
    job.init()
    with open(job.fn("x.txt"), "w") as file:
        file.write("hi")
    assert job.isfile("x.txt")


def test_get_id_is_deprecated(project):
    job = project.open_job({"a": 1})
    with pytest.warns(SignacDeprecationWarning):
        assert job.get_id() == job.id


def test_statepoint_access(project):
    job = project.open_job({"a": 1, "b": {"c": [1, 2]}}).init()
    assert job.sp is job.statepoint
    assert job.sp.a == 1
    assert job.sp["b"]["c"] == [1, 2]
    assert job.sp.b.c == [1, 2]
    assert job.sp.get("missing", 5) == 5
    plain = job.statepoint()
    assert plain == {"a": 1, "b": {"c": [1, 2]}}
    assert type(plain) is dict
    plain["a"] = 100  # a copy: the job does not change
    assert job.sp.a == 1
    assert job.sp() == job.statepoint()


def test_open_by_id_reads_lazily(project):
    job = project.open_job({"a": 1}).init()
    other = signac_core.get_project(project.root_directory())
    opened = other.open_job(id=job.id)
    assert opened == job
    assert opened.sp() == {"a": 1}


def test_changing_the_statepoint_moves_the_job(project):
    job = project.open_job({"a": 1}).init()
    job.doc.note = "kept"
    old_id = job.id
    job.sp.a = 2
    assert job.id == project.open_job({"a": 2}).id
    assert job.id != old_id
    assert old_id not in project
    assert job in project
    assert json.loads(manifest(job)) == {"a": 2}
    assert job.doc.note == "kept"
    job.sp.b = {"c": 1}
    assert json.loads(manifest(job)) == {"a": 2, "b": {"c": 1}}
    job.sp.b.c = 3  # nested changes move the job too
    assert job.id == project.open_job({"a": 2, "b": {"c": 3}}).id
    assert len(project) == 1
    del job.sp.b
    assert job.statepoint() == {"a": 2}
    assert project.open_job(id=job.id).sp() == {"a": 2}


def test_changing_the_statepoint_to_an_existing_job_raises(project):
    job = project.open_job({"a": 1}).init()
    project.open_job({"a": 2}).init()
    with pytest.raises(DestinationExistsError):
        job.sp.a = 2
    assert job.sp.a == 1
    assert job.sp() == {"a": 1}
    assert json.loads(manifest(job)) == {"a": 1}
    assert len(project) == 2


def test_statepoint_of_uninitialized_job_changes_only_the_handle(project):
    job = project.open_job({"a": 1})
    job.sp.a = 3
    assert job.id == project.open_job({"a": 3}).id
    assert job not in project
    assert len(project) == 0


def test_reset_and_update_statepoint(project):
    job = project.open_job({"a": 1}).init()
    job.reset_statepoint({"b": 2})
    assert job.sp() == {"b": 2}
    with pytest.raises(KeyError):
        job.update_statepoint({"b": 3})
    job.update_statepoint({"c": 4})
    assert job.sp() == {"b": 2, "c": 4}
    job.update_statepoint({"b": 3}, overwrite=True)
    assert job.sp() == {"b": 3, "c": 4}
    job.statepoint = {"z": 0}
    assert job.sp() == {"z": 0}
    job.sp = {"y": 0}
    assert job.sp() == {"y": 0}
    assert list(project) == [job]
    other = project.open_job({"x": 1}).init()
    with pytest.raises(DestinationExistsError):
        other.reset_statepoint({"y": 0})


def test_tuples_and_numpy_values(project):
    np = pytest.importorskip("numpy")
    job = project.open_job({"a": (1, 2), "b": np.int64(3), "c": np.float32(0.5)})
    assert job.sp() == {"a": [1, 2], "b": 3, "c": 0.5}
    assert job.id == project.open_job({"a": [1, 2], "b": 3, "c": 0.5}).id
    with pytest.warns(UserWarning):
        arr = project.open_job({"x": np.arange(3)})
    assert arr.sp() == {"x": [0, 1, 2]}
    with pytest.warns(UserWarning):
        zero_d = project.open_job({"x": np.array(1.5)})
    assert zero_d.sp() == {"x": 1.5}
    assert type(zero_d.sp()["x"]) is float
    job.init()
    job.sp.d = np.int32(7)
    assert job.sp() == {"a": [1, 2], "b": 3, "c": 0.5, "d": 7}
    with pytest.raises(TypeError):
        project.open_job({"x": np.complex128(1j)})


def test_invalid_keys(project):
    with pytest.raises(InvalidKeyError):
        project.open_job({"a.b": 1})
    with pytest.raises(KeyTypeError):
        project.open_job({(1, 2): 1})
    with pytest.raises(TypeError):
        project.open_job({"a": object()})
    with pytest.raises(KeyTypeError):  # keys of several types (as in signac 1.7)
        project.open_job({1: "x", False: "y", None: "z"})
    with pytest.warns(DeprecationWarning):
        job = project.open_job({1: "x", "2": {3: "y"}})
    assert job.sp() == {"1": "x", "2": {"3": "y"}}
    job = project.open_job({"a": 1}).init()
    with pytest.raises(InvalidKeyError):
        job.sp["a.b"] = 1
    assert job.sp() == {"a": 1}
    with pytest.raises(InvalidKeyError):
        job.doc["x.y"] = 1


def test_document(project):
    job = project.open_job({"a": 1})
    assert job not in project
    job.document["x"] = 1  # accessing the document initializes the job
    assert job in project
    assert job.doc is job.document
    assert job.doc.x == 1
    job.doc.y = {"z": [1, 2]}
    with open(job.fn(Job.FN_DOCUMENT)) as file:
        assert json.load(file) == {"x": 1, "y": {"z": [1, 2]}}
    assert job.doc() == {"x": 1, "y": {"z": [1, 2]}}
    job.document = {"new": True}
    assert job.doc() == {"new": True}
    job.doc = {"newer": True}
    assert job.doc() == {"newer": True}
    del job.doc.newer
    assert job.doc() == {}


def test_clear_reset_remove(project):
    job = project.open_job({"a": 1}).init()
    job.doc.a = 1
    os.makedirs(job.fn("sub"))
    with open(job.fn("sub/f.txt"), "w") as file:
        file.write("x")
    with open(job.fn("g.txt"), "w") as file:
        file.write("x")
    job.clear()
    assert sorted(os.listdir(job.ws)) == [Job.FN_DOCUMENT, Job.FN_MANIFEST]
    assert job.doc() == {}
    assert job in project
    job.remove()
    assert job not in project
    assert not os.path.exists(job.ws)
    job.remove()  # no-op
    job.clear()  # no-op
    job.reset()
    assert job in project
    job.doc.b = 2
    assert job.doc() == {"b": 2}
    job.remove()
    job.init()
    assert job.doc() == {}


def test_remove_leaves_no_hidden_directories(project):
    job = project.open_job({"a": 1}).init()
    job.remove()
    assert os.listdir(project.workspace()) == []


def test_move(project, tmp_path):
    other = signac_core.init_project("other", root=str(tmp_path / "other"))
    job = project.open_job({"a": 1}).init()
    job.doc.x = 1
    job.move(other)
    assert job not in project
    assert job in other
    assert job.doc.x == 1
    assert other.open_job({"a": 1}).doc.x == 1
    back = other.open_job({"a": 1})
    project.open_job({"a": 1}).init()
    with pytest.raises(DestinationExistsError):
        back.move(project)
    assert back in other


def test_open_close_and_context_manager(project):
    cwd = os.getcwd()
    job = project.open_job({"a": 1})
    with job as entered:
        assert entered is job
        assert os.path.realpath(os.getcwd()) == os.path.realpath(job.ws)
        with job:  # re-entrant
            assert os.path.realpath(os.getcwd()) == os.path.realpath(job.ws)
        assert os.path.realpath(os.getcwd()) == os.path.realpath(job.ws)
    assert os.getcwd() == cwd
    job.open()
    other = project.open_job({"a": 2})
    other.open()
    assert os.path.realpath(os.getcwd()) == os.path.realpath(other.ws)
    other.close()
    assert os.path.realpath(os.getcwd()) == os.path.realpath(job.ws)
    job.close()
    assert os.getcwd() == cwd
    job.close()  # closing too often is harmless
    assert os.getcwd() == cwd


def test_hash_equality_repr(project):
    job = project.open_job({"a": 1, "b": [1, 2], "c": "x"})
    same = project.open_job({"c": "x", "b": [1, 2], "a": 1})
    assert job == same
    assert hash(job) == hash(same)
    assert len({job, same}) == 1
    assert job != project.open_job({"a": 2})
    other_project_handle = signac_core.get_project(project.root_directory())
    assert job == other_project_handle.open_job({"a": 1, "b": [1, 2], "c": "x"})
    text = repr(job)
    assert text.startswith("Job(project=Project.get_project(")
    assert eval(text, {"Job": signac_core.Job, "Project": signac_core.Project}) == job
    assert {job: 1}[same] == 1


def test_copies_and_pickling(project):
    job = project.open_job({"a": 1}).init()
    for clone in (copy.copy(job), copy.deepcopy(job), pickle.loads(pickle.dumps(job))):
        assert clone == job
        assert clone is not job
        assert clone.sp() == {"a": 1}
    deep = copy.deepcopy(job)
    deep.sp.a = 2
    assert deep.id != job.id
    assert job.sp() == {"a": 1}  # a deep copy is independent


def test_get_job(project):
    job = project.open_job({"a": 1}).init()
    assert signac_core.get_job(job.ws) == job
    os.makedirs(job.fn("deep/er"))
    assert signac_core.get_job(job.fn("deep/er")) == job
    os.chdir(job.fn("deep"))
    assert signac_core.get_job() == job
    assert signac_core.Project.get_job() == job
    with pytest.raises(LookupError):
        signac_core.get_job(project.root_directory())
    with pytest.raises(LookupError):
        signac_core.get_job(os.path.join(project.workspace(), "0" * 32))


def test_job_requires_statepoint_or_id(project):
    with pytest.raises(ValueError):
        Job(project)
    with pytest.raises(ValueError):
        project.open_job()


def test_stores_without_h5store(project, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "signac_h5store", None)
    job = project.open_job({"a": 1})
    with pytest.raises(ImportError, match=r"pip install signac-core\[h5\]"):
        _ = job.data
    with pytest.raises(ImportError, match=r"signac-core\[h5\]"):
        _ = project.stores


def test_job_data_and_stores(project):
    pytest.importorskip("signac_h5store")
    np = pytest.importorskip("numpy")
    job = project.open_job({"a": 1})
    job.data["x"] = np.arange(3)
    assert job in project
    assert job.isfile("signac_data.h5")
    with job.data:
        assert list(job.data["x"][:]) == [0, 1, 2]
    job.stores["other"]["y"] = 5
    assert job.isfile("other.h5")
    with job.stores.other as store:
        assert store["y"] == 5
    project.data["z"] = 1
    assert project.isfile("signac_data.h5")
    with project.stores.signac_data as store:
        assert store["z"] == 1


def test_move_across_file_systems(project, tmp_path, monkeypatch):
    import errno

    other = signac_core.init_project("other", root=str(tmp_path / "other"))
    job = project.open_job({"a": 1}).init()
    job.doc.x = 1
    with open(job.fn("data.txt"), "w") as file:
        file.write("payload")
    source = job.ws
    real_rename = os.rename

    def rename(src, dst):
        if src == source:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    job.move(other)
    assert job in other and job not in project
    assert open(job.fn("data.txt")).read() == "payload"
    assert job.doc.x == 1
    assert not os.path.exists(source)
    assert not [f for f in os.listdir(other.workspace()) if f.startswith(".")]


def test_init_adopts_an_existing_directory_without_manifest(project):
    job = project.open_job({"a": 1})
    os.makedirs(job.ws)
    with open(job.fn("user-data.txt"), "w") as file:
        file.write("keep me")
    job.init()
    assert job.isfile("user-data.txt")
    assert json.loads(manifest(job)) == {"a": 1}
    empty = project.open_job({"a": 2})
    os.makedirs(empty.ws)
    empty.init()
    assert json.loads(manifest(empty)) == {"a": 2}
    project.check()
    assert not [f for f in os.listdir(project.workspace()) if f.startswith(".")]


def test_documents_follow_the_project_write_concern(project, monkeypatch):
    job = project.open_job({"a": 1})
    calls = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append(fd), real_fsync(fd))[1])
    job.doc["x"] = 1
    project.doc["x"] = 1
    assert calls == []  # default: atomic replacement, no fsync
    with open(os.path.join(project.root_directory(), "signac.rc"), "a") as file:
        file.write("write_concern = true\n")
    durable = signac_core.get_project(project.root_directory())
    durable.open_job({"a": 1}).doc["y"] = 2
    assert len(calls) == 2  # the file and its directory
    durable.doc["y"] = 2
    assert len(calls) == 4
    assert job.doc() == {"x": 1, "y": 2}
