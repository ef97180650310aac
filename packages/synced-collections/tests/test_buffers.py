"""Buffering: contexts, capacity, flushing, integrity checks and merges."""

import json
import os
import time

import pytest

from synced_collections.backends.collection_json import (
    BufferedJSONAttrDict,
    BufferedJSONDict,
    BufferedJSONList,
    JSONDict,
    MemoryBufferedJSONAttrDict,
    MemoryBufferedJSONDict,
)
from synced_collections.buffers.buffered_collection import BufferedCollection
from synced_collections.buffers.memory_buffered_collection import SharedMemoryFileBufferedCollection
from synced_collections.buffers.serialized_file_buffered_collection import (
    SerializedFileBufferedCollection,
)
from synced_collections.errors import BufferedError, BufferException, MetadataError

BUFFERED = [BufferedJSONDict, MemoryBufferedJSONDict]


def read(path):
    with open(path) as file:
        return json.load(file)


def write_external(path, data):
    """Write the file like another program would (new inode, new mtime)."""
    time.sleep(0.001)
    tmp = str(path) + ".ext"
    with open(tmp, "w") as file:
        json.dump(data, file)
    os.replace(tmp, path)


@pytest.mark.parametrize("cls", BUFFERED)
def test_local_context_defers_writes_until_exit(tmp_path, cls):
    path = tmp_path / "doc.json"
    doc = cls(path)
    doc["a"] = 0
    with doc.buffered:
        doc["a"] = 1
        doc["b"] = {"c": 2}
        doc["b"]["c"] = 3
        assert read(path) == {"a": 0}
        assert doc() == {"a": 1, "b": {"c": 3}}
        assert doc._is_buffered
    assert not doc._is_buffered
    assert read(path) == {"a": 1, "b": {"c": 3}}


@pytest.mark.parametrize("cls", BUFFERED)
def test_contexts_nest_and_flush_when_last_exits(tmp_path, cls):
    path = tmp_path / "doc.json"
    doc = cls(path)
    with doc.buffered():
        with cls.buffer_backend():
            assert cls.backend_is_buffered()
            with doc.buffered:
                doc["a"] = 1
            assert not path.exists()
        assert not cls.backend_is_buffered()
        doc["b"] = 2
    assert read(path) == {"a": 1, "b": 2}


@pytest.mark.parametrize("cls", BUFFERED)
def test_nested_collection_buffered_context_buffers_root(tmp_path, cls):
    path = tmp_path / "doc.json"
    doc = cls(path)
    doc["a"] = {"b": 1}
    with doc["a"].buffered:
        doc["a"]["b"] = 2
        doc["x"] = 1
        assert read(path) == {"a": {"b": 1}}
    assert read(path) == {"a": {"b": 2}, "x": 1}


@pytest.mark.parametrize("cls", BUFFERED)
def test_backend_buffer_shared_between_instances(tmp_path, cls):
    path = tmp_path / "doc.json"
    first, second = cls(path), cls(path)
    with cls.buffer_backend():
        first["a"] = 1
        assert second["a"] == 1
        second["b"] = 2
        assert first() == {"a": 1, "b": 2}
        assert not path.exists()
    assert read(path) == {"a": 1, "b": 2}


@pytest.mark.parametrize("cls", BUFFERED)
def test_conflicting_external_change_raises_metadata_error(tmp_path, cls):
    path = tmp_path / "doc.json"
    doc = cls(path)
    doc["a"] = 0
    with pytest.raises(MetadataError) as info:
        with doc.buffered:
            doc["a"] = 1
            write_external(path, {"a": 2})
    assert info.value.filename == str(path)
    assert info.value.contents == {"a": 1}
    assert not isinstance(info.value, BufferedError)
    assert isinstance(info.value, BufferException)
    assert isinstance(info.value, RuntimeError)
    assert read(path) == {"a": 2}  # the other writer's data is not overwritten
    assert doc() == {"a": 2}


@pytest.mark.parametrize("cls", BUFFERED)
def test_external_change_of_other_keys_is_merged(tmp_path, cls):
    path = tmp_path / "doc.json"
    doc = cls(path)
    doc.update({"a": 0, "n": {"x": 0, "y": 0}})
    with doc.buffered:
        doc["a"] = 1
        doc["n"]["x"] = 1
        write_external(path, {"a": 0, "n": {"x": 0, "y": 2}, "new": 3})
    assert read(path) == {"a": 1, "n": {"x": 1, "y": 2}, "new": 3}


@pytest.mark.parametrize("cls", BUFFERED)
def test_external_deletion_conflicts_with_modification(tmp_path, cls):
    path = tmp_path / "doc.json"
    doc = cls(path)
    doc.update({"a": {"b": 0}})
    with pytest.raises(BufferedError) as info:  # a backend-wide flush
        with cls.buffer_backend():
            doc["a"]["b"] = 1
            write_external(path, {})
    assert list(info.value.files) == [str(path)]
    assert isinstance(info.value.files[str(path)], MetadataError)
    assert read(path) == {}


def test_conflicts_in_several_files_raise_buffered_error(tmp_path):
    docs = [BufferedJSONDict(tmp_path / f"{n}.json") for n in range(2)]
    for doc in docs:
        doc["a"] = 0
    with pytest.raises(BufferedError) as info:
        with BufferedJSONDict.buffer_backend():
            for doc in docs:
                doc["a"] = 1
                write_external(doc.filename, {"a": 2})
    assert set(info.value.files) == {doc.filename for doc in docs}
    assert all(isinstance(error, MetadataError) for error in info.value.files.values())
    assert not isinstance(info.value, MetadataError)


def test_read_only_buffering_writes_nothing(tmp_path):
    path = tmp_path / "doc.json"
    JSONDict(path)["a"] = 1
    mtime = os.stat(path).st_mtime_ns
    doc = BufferedJSONDict(path)
    with doc.buffered:
        assert doc["a"] == 1
        write_external(path, {"a": 5})  # not a conflict: nothing was modified
    assert read(path) == {"a": 5}
    assert os.stat(path).st_mtime_ns != mtime


def test_serialized_capacity_in_bytes(tmp_path):
    cls = BufferedJSONDict
    original = cls.get_buffer_capacity()
    assert original == 32 * 2**20
    assert SerializedFileBufferedCollection.get_buffer_capacity() == original
    doc = cls(tmp_path / "doc.json")
    with cls.buffer_backend(buffer_size=50):
        assert cls.get_buffer_capacity() == 50
        doc["a"] = "x" * 10
        assert cls.get_current_buffer_size() == len(json.dumps({"a": "x" * 10}))
        assert not os.path.exists(doc.filename)
        doc["b"] = "y" * 60  # exceeds the capacity: flushed
        assert read(doc.filename) == {"a": "x" * 10, "b": "y" * 60}
        assert cls.get_current_buffer_size() == 0
    assert cls.get_buffer_capacity() == original
    with pytest.raises(ValueError):
        cls.set_buffer_capacity(-1)


def test_memory_capacity_in_modified_collections(tmp_path):
    cls = MemoryBufferedJSONDict
    assert cls.get_buffer_capacity() == SharedMemoryFileBufferedCollection.get_buffer_capacity()
    docs = [cls(tmp_path / f"{n}.json") for n in range(3)]
    with cls.buffer_backend(buffer_size=2):
        docs[0]["a"] = 1
        _ = docs[1]()  # read only: not counted
        assert cls.get_current_buffer_size() == 1
        docs[1]["a"] = 1
        assert cls.get_current_buffer_size() == 2
        assert not os.path.exists(docs[0].filename)
        docs[2]["a"] = 1  # third modified collection: flush
        assert cls.get_current_buffer_size() == 0
        assert all(os.path.exists(doc.filename) for doc in docs)


def test_set_capacity_below_size_flushes(tmp_path):
    cls = BufferedJSONDict
    doc = cls(tmp_path / "doc.json")
    original = cls.get_buffer_capacity()
    try:
        with cls.buffer_backend():
            doc["a"] = 1
            cls.set_buffer_capacity(1)
            assert read(doc.filename) == {"a": 1}
    finally:
        cls.set_buffer_capacity(original)


@pytest.mark.parametrize("cls", BUFFERED)
def test_force_write_is_accepted_with_a_warning(tmp_path, cls):
    doc = cls(tmp_path / "doc.json")
    with pytest.warns(DeprecationWarning, match="force_write"):
        with cls.buffer_backend(force_write=True):
            doc["a"] = 1
    assert read(doc.filename) == {"a": 1}


@pytest.mark.parametrize("cls", [BufferedJSONAttrDict, MemoryBufferedJSONAttrDict])
def test_bad_input_while_buffered_changes_nothing(tmp_path, cls):
    path = tmp_path / "doc.json"
    doc = cls(path)
    doc.a = 1
    with doc.buffered:
        doc.b = 2
        with pytest.raises(TypeError):
            doc.c = object()
        with pytest.raises(ValueError):
            doc["d.e"] = 1
        assert doc() == {"a": 1, "b": 2}
    assert read(path) == {"a": 1, "b": 2}


def test_buffered_list(tmp_path):
    path = tmp_path / "list.json"
    synced = BufferedJSONList(path)
    with synced.buffered:
        synced.extend([1, 2])
        synced.append({"a": 1})
        synced[2]["a"] = 2
        assert not path.exists()
    assert read(path) == [1, 2, {"a": 2}]


def test_flush_after_exception_in_context(tmp_path):
    doc = BufferedJSONDict(tmp_path / "doc.json")
    with pytest.raises(RuntimeError):
        with doc.buffered:
            doc["a"] = 1
            raise RuntimeError
    assert read(doc.filename) == {"a": 1}


def test_default_buffered_collection_does_not_buffer(tmp_path):
    from synced_collections.backends.collection_json import JSONCollection
    from synced_collections.data_types.synced_dict import SyncedDict

    class PlainBuffered(BufferedCollection, JSONCollection, SyncedDict):
        _backend = "tests.plain_buffered"

    doc = PlainBuffered(filename=str(tmp_path / "doc.json"))
    with doc.buffered:
        doc["a"] = 1
        assert read(doc.filename) == {"a": 1}
    with PlainBuffered.buffer_backend():
        doc["b"] = 2
        assert read(doc.filename) == {"a": 1, "b": 2}


@pytest.mark.parametrize("cls", BUFFERED)
def test_same_size_in_place_edit_is_detected(tmp_path, cls):
    path = tmp_path / "doc.json"
    doc = cls(path)
    doc["a"] = 0
    with pytest.raises(MetadataError):
        with doc.buffered:
            doc["a"] = 1
            with open(path, "r+") as file:  # same inode, same size, maybe same mtime
                file.write('{"a": 2}')
    assert read(path) == {"a": 2}


@pytest.mark.parametrize("cls", BUFFERED)
def test_threads_in_a_buffered_backend_do_not_lose_updates(tmp_path, cls):
    import threading

    path = tmp_path / "doc.json"

    def work(n):
        doc = cls(path)
        for i in range(50):
            doc[f"t{n}-{i}"] = i

    with cls.buffer_backend():
        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not path.exists()
    assert len(read(path)) == 200
