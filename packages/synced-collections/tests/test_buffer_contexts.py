"""Buffer contexts are reusable, re-entrant counters (signac 1.7)."""

import json

import pytest

from synced_collections.backends.collection_json import (
    BufferedJSONAttrDict,
    BufferedJSONDict,
    BufferedJSONList,
    MemoryBufferedJSONAttrDict,
    MemoryBufferedJSONDict,
)
from synced_collections.buffers.buffered_collection import BufferedCollection

BUFFERED = [
    BufferedJSONDict,
    BufferedJSONAttrDict,
    MemoryBufferedJSONDict,
    MemoryBufferedJSONAttrDict,
]


def on_disk(path):
    try:
        with open(path) as file:
            return json.load(file)
    except FileNotFoundError:
        return None


@pytest.mark.parametrize("cls", BUFFERED)
def test_backend_context_is_a_reusable_reentrant_counter(tmp_path, cls):
    path = tmp_path / "doc.json"
    doc = cls(path)
    cm = cls.buffer_backend()
    assert cm() is cm
    assert cls.buffer_backend() is cm  # the same counter for every call
    with cm as entered:
        assert entered is cm
        with cm():  # nested inside itself
            doc["a"] = 1
            assert cls.backend_is_buffered()
        assert cls.backend_is_buffered()
        assert on_disk(path) is None  # the outer context is still open
        doc["b"] = 2
    assert not cls.backend_is_buffered()
    assert on_disk(path) == {"a": 1, "b": 2}
    with cm:  # entered again
        doc["c"] = 3
        assert on_disk(path) == {"a": 1, "b": 2}
    assert on_disk(path) == {"a": 1, "b": 2, "c": 3}


@pytest.mark.parametrize("cls", BUFFERED)
def test_backend_context_with_a_buffer_size(tmp_path, cls):
    original = cls.get_buffer_capacity()
    cm = cls.buffer_backend(buffer_size=12345)
    assert cm() is cm
    with cm:
        assert cls.get_buffer_capacity() == 12345
        with cm:
            assert cls.get_buffer_capacity() == 12345
        assert cls.get_buffer_capacity() == 12345
        cls(tmp_path / "doc.json")["a"] = 1
    assert cls.get_buffer_capacity() == original
    with cm:  # reusable
        assert cls.get_buffer_capacity() == 12345
    assert cls.get_buffer_capacity() == original
    assert on_disk(tmp_path / "doc.json") == {"a": 1}


@pytest.mark.parametrize("cls", BUFFERED)
def test_instance_context_is_a_reusable_reentrant_counter(tmp_path, cls):
    path = tmp_path / "doc.json"
    doc = cls(path)
    context = doc.buffered
    assert context() is context
    with context:
        with doc.buffered():
            with context:
                doc["a"] = 1
            doc["b"] = 2
        assert on_disk(path) is None
    assert on_disk(path) == {"a": 1, "b": 2}
    with context:  # entered again
        doc["c"] = 3
        assert on_disk(path) == {"a": 1, "b": 2}
    assert on_disk(path) == {"a": 1, "b": 2, "c": 3}


@pytest.mark.parametrize("cls", BUFFERED)
def test_leaving_the_backend_context_keeps_an_open_local_context(tmp_path, cls):
    path = tmp_path / "doc.json"
    other_path = tmp_path / "other.json"
    doc = cls(path)
    other = cls(other_path)
    with doc.buffered:
        with cls.buffer_backend():
            doc["a"] = 1
            other["x"] = 1
        # The backend flush wrote the other file, not the one still buffered locally.
        assert on_disk(other_path) == {"x": 1}
        assert on_disk(path) is None
        doc["b"] = 2
        assert on_disk(path) is None
    assert on_disk(path) == {"a": 1, "b": 2}  # flushed when its last context closed


@pytest.mark.parametrize("cls", BUFFERED)
def test_local_context_inside_a_backend_context_flushes_with_the_backend(tmp_path, cls):
    path = tmp_path / "doc.json"
    doc = cls(path)
    with cls.buffer_backend():
        with doc.buffered:
            doc["a"] = 1
        assert on_disk(path) is None  # the backend context is still open
    assert on_disk(path) == {"a": 1}


def test_nested_collection_contexts_count_on_the_top_level(tmp_path):
    path = tmp_path / "list.json"
    synced = BufferedJSONList(path)
    synced.append({"a": 1})
    child = synced[0]
    with child.buffered:
        with synced.buffered:
            child["a"] = 2
        assert on_disk(path) == [{"a": 1}]
    assert on_disk(path) == [{"a": 2}]


def test_base_class_context_is_a_counter_too():
    cm = BufferedCollection.buffer_backend()
    assert cm() is cm
    with cm:
        with cm:
            assert BufferedCollection.backend_is_buffered()
    assert not BufferedCollection.backend_is_buffered()
