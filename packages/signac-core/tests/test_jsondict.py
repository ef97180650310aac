import json

import pytest

import signac_core.jsondict as jsondict
from signac_core.warnings import SignacDeprecationWarning


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
        with pytest.warns(SignacDeprecationWarning):
            jsondict.flush()
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


def test_old_names():
    pytest.importorskip("signac_h5store")
    from synced_collections.data_types import SyncedDict

    assert jsondict._SyncedDict is SyncedDict
    assert jsondict.DictManager.__name__ == "DictManager"
    with pytest.raises(AttributeError):
        jsondict.nothing_here  # noqa: B018
