"""The contract suite and stateful tests for every JSON collection type."""

import os
import tempfile

import pytest

from synced_collections.backends.collection_json import (
    BufferedJSONAttrDict,
    BufferedJSONAttrList,
    BufferedJSONDict,
    BufferedJSONList,
    JSONAttrDict,
    JSONAttrList,
    JSONDict,
    JSONList,
    MemoryBufferedJSONAttrDict,
    MemoryBufferedJSONAttrList,
    MemoryBufferedJSONDict,
    MemoryBufferedJSONList,
)
from synced_collections.testing import (
    AttrDictTest,
    SyncedDictTest,
    SyncedListTest,
    make_dict_state_machine,
    make_list_state_machine,
)


class JSONMixin:
    collection_type: type

    @pytest.fixture
    def synced_collection(self, tmp_path):
        return self.collection_type(str(tmp_path / "data.json"))

    def reopen(self, collection):
        return type(collection._top)(collection.filename)

    def construct(self, collection, data):
        return type(collection._top)(collection.filename, data=data)

    def snapshot(self, collection):
        try:
            with open(collection.filename, "rb") as file:
                return file.read()
        except FileNotFoundError:
            return None


class TestJSONDict(JSONMixin, SyncedDictTest):
    collection_type = JSONDict
    legacy_keys = True


class TestJSONAttrDict(JSONMixin, AttrDictTest):
    collection_type = JSONAttrDict
    legacy_keys = True
    no_dots = True


class TestJSONList(JSONMixin, SyncedListTest):
    collection_type = JSONList
    legacy_keys = True


class TestJSONAttrList(JSONMixin, SyncedListTest):
    collection_type = JSONAttrList
    legacy_keys = True

    def test_children_are_attr_dicts(self, synced_collection):
        synced_collection.append({"a": 1})
        synced_collection[0].a = 2
        assert isinstance(synced_collection[0], JSONAttrDict)
        assert synced_collection == [{"a": 2}]


class BufferedMixin(JSONMixin):
    """Run every contract test inside a backend-wide buffered context as well."""

    @pytest.fixture(params=["unbuffered", "buffered"])
    def synced_collection(self, tmp_path, request):
        collection = self.collection_type(str(tmp_path / "data.json"))
        if request.param == "unbuffered":
            yield collection
        else:
            with self.collection_type.buffer_backend():
                yield collection

    def reopen(self, collection):
        # A reopened object in buffered mode reads through the shared buffer.
        return type(collection._top)(collection.filename)


class TestBufferedJSONDict(BufferedMixin, SyncedDictTest):
    collection_type = BufferedJSONDict
    legacy_keys = True


class TestBufferedJSONAttrDict(BufferedMixin, AttrDictTest):
    collection_type = BufferedJSONAttrDict
    legacy_keys = True
    no_dots = True


class TestBufferedJSONList(BufferedMixin, SyncedListTest):
    collection_type = BufferedJSONList
    legacy_keys = True


class TestBufferedJSONAttrList(BufferedMixin, SyncedListTest):
    collection_type = BufferedJSONAttrList
    legacy_keys = True


class TestMemoryBufferedJSONDict(BufferedMixin, SyncedDictTest):
    collection_type = MemoryBufferedJSONDict
    legacy_keys = True


class TestMemoryBufferedJSONAttrDict(BufferedMixin, AttrDictTest):
    collection_type = MemoryBufferedJSONAttrDict
    legacy_keys = True
    no_dots = True


class TestMemoryBufferedJSONList(BufferedMixin, SyncedListTest):
    collection_type = MemoryBufferedJSONList
    legacy_keys = True


class TestMemoryBufferedJSONAttrList(BufferedMixin, SyncedListTest):
    collection_type = MemoryBufferedJSONAttrList
    legacy_keys = True


def _fresh(collection_type):
    def factory():
        directory = tempfile.mkdtemp(prefix="sc-hypothesis-")
        return collection_type(os.path.join(directory, "data.json"))

    return factory


def _reopen(collection):
    return type(collection)(collection.filename)


TestJSONDictStateful = make_dict_state_machine(_fresh(JSONAttrDict), _reopen).TestCase
TestJSONListStateful = make_list_state_machine(_fresh(JSONList), _reopen).TestCase
TestBufferedJSONDictStateful = make_dict_state_machine(_fresh(BufferedJSONDict), _reopen).TestCase
TestMemoryBufferedJSONDictStateful = make_dict_state_machine(
    _fresh(MemoryBufferedJSONDict), _reopen
).TestCase


def _buffered_machine(base, cls, capacity=None):
    """Run the machine inside ``cls.buffer_backend()``; the teardown flushes and compares."""

    class Machine(base):
        def __init__(self):
            self._context = cls.buffer_backend(buffer_size=capacity)
            self._context.__enter__()
            super().__init__()

        def teardown(self):
            self._context.__exit__(None, None, None)
            super().teardown()  # reopens (unbuffered now) and compares with the reference

    return Machine


TestBufferedModeStateful = _buffered_machine(
    make_dict_state_machine(_fresh(BufferedJSONAttrDict), _reopen), BufferedJSONAttrDict
).TestCase
TestBufferedModeSmallCapacityStateful = _buffered_machine(
    make_list_state_machine(_fresh(BufferedJSONList), _reopen), BufferedJSONList, capacity=40
).TestCase
TestMemoryBufferedModeStateful = _buffered_machine(
    make_dict_state_machine(_fresh(MemoryBufferedJSONAttrDict), _reopen),
    MemoryBufferedJSONAttrDict,
    capacity=1,
).TestCase
