import json
import os

import pytest

import signac_core.jsondict as jsondict


def test_jsondict_is_the_buffered_attr_dict(tmp_path):
    from synced_collections.backends.collection_json import BufferedJSONAttrDict

    assert jsondict.JSONDict is BufferedJSONAttrDict
    doc = jsondict.JSONDict(filename=str(tmp_path / "doc.json"))
    doc.a = 1
    assert json.loads((tmp_path / "doc.json").read_text()) == {"a": 1}


def test_buffered_mode(tmp_path):
    fn = tmp_path / "doc.json"
    doc = jsondict.JSONDict(filename=str(fn))
    assert not jsondict.is_buffered()
    with jsondict.buffered():
        assert jsondict.is_buffered()
        assert jsondict.in_buffered_mode()
        doc.a = 1
        assert doc.a == 1
        assert jsondict.get_buffer_load() >= 0
    assert not jsondict.is_buffered()
    assert json.loads(fn.read_text()) == {"a": 1}
    with jsondict.buffer_reads_writes(buffer_size=1000):
        assert jsondict.get_buffer_size() == 1000
        doc.b = 2
        jsondict.flush_all()
        assert json.loads(fn.read_text()) == {"a": 1, "b": 2}
        doc.c = 3
        with pytest.warns(DeprecationWarning):
            assert jsondict.flush() is None
        assert "c" not in json.loads(fn.read_text())  # flush() does not write documents
    assert json.loads(fn.read_text())["c"] == 3
    old = jsondict.get_buffer_size()
    jsondict.set_buffer_size(old + 1)
    assert jsondict.get_buffer_size() == old + 1
    jsondict.set_buffer_size(old)


def test_job_documents_are_buffered(project):
    job = project.open_job({"a": 1}).init()
    with jsondict.buffered():
        for i in range(10):
            job.doc[f"k{i}"] = i
    assert len(project.open_job(id=job.id).doc()) == 10


# -- signac.buffered and friends: the buffer of job documents (issue 13, item 8) ---------------

DEFAULT_BUFFER_SIZE = 33554432


def test_buffered_is_nestable_and_truthy_inside():
    assert not jsondict.is_buffered()
    with jsondict.buffered():
        assert jsondict.is_buffered()
        with jsondict.buffered():
            assert jsondict.is_buffered()
        assert jsondict.is_buffered()
    assert not jsondict.is_buffered()


def test_buffer_size():
    assert jsondict.get_buffer_size() == DEFAULT_BUFFER_SIZE
    with jsondict.buffered():
        assert jsondict.get_buffer_size() == DEFAULT_BUFFER_SIZE
    with jsondict.buffered(buffer_size=1234):
        assert jsondict.get_buffer_size() == 1234
        with jsondict.buffered():
            assert jsondict.get_buffer_size() == 1234  # nested blocks keep it
        assert jsondict.get_buffer_size() == 1234
    assert jsondict.get_buffer_size() == DEFAULT_BUFFER_SIZE


def test_buffer_load(project):
    job = project.open_job({"a": 1}).init()
    job.doc.x = "some data"
    job = project.open_job(id=job.id)  # a fresh handle: nothing read yet
    assert jsondict.get_buffer_load() == 0
    with jsondict.buffered():
        assert jsondict.get_buffer_load() == 0
        assert job.doc.x == "some data"
        assert jsondict.get_buffer_load() > 0
    assert jsondict.get_buffer_load() == 0


def test_job_documents_are_buffered_and_shared(project):
    job = project.open_job({"a": 1}).init()
    other = project.open_job(id=job.id)
    assert other is not job
    fn = job.doc._filename
    with jsondict.buffered():
        job.doc.x = 1
        assert other.doc.x == 1  # two handles of one job share the buffered data
        other.doc.y = 2
        assert job.doc() == {"x": 1, "y": 2}
        assert not os.path.exists(fn)  # nothing written yet
        with pytest.warns(DeprecationWarning):
            assert jsondict.flush() is None
        assert not os.path.exists(fn)
    assert json.loads(open(fn).read()) == {"x": 1, "y": 2}


def test_document_changed_on_disk_raises_buffered_error(project):
    from synced_collections.errors import BufferedError

    job = project.open_job({"a": 1}).init()
    job.doc.x = 0
    with pytest.raises(BufferedError) as info:
        with jsondict.buffered():
            job.doc.x = 1
            with open(job.doc._filename, "w") as file:
                file.write(json.dumps({"x": 2}))
    assert job.doc._filename in info.value.files
    assert json.loads(open(job.doc._filename).read()) == {"x": 2}  # the other writer's data
    assert not jsondict.is_buffered()


def test_old_dict_names_are_the_legacy_classes():
    from signac_core import _legacy_dicts

    assert jsondict.SyncedAttrDict is _legacy_dicts.SyncedAttrDict
    assert jsondict._SyncedDict is _legacy_dicts._SyncedDict
    with pytest.raises(AttributeError):
        jsondict.nothing_here  # noqa: B018
