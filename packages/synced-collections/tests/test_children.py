"""Nested collections built by the fast path equal those built by the constructors."""

import pytest

from synced_collections.backends.collection_json import (
    BufferedJSONAttrDict,
    BufferedJSONAttrList,
    JSONAttrDict,
    JSONDict,
    JSONList,
    MemoryBufferedJSONAttrDict,
)
from synced_collections.data_types.synced_collection import _child_templates

DATA = {"a": {"b": [1, {"c": {"d": None}}], "e": "f"}, "g": [[1, 2], {"h": 1.5}]}


def walk(collection):
    """Yield every nested synced collection."""
    values = collection._data.values() if isinstance(collection._data, dict) else collection._data
    for value in values:
        if hasattr(value, "_data"):
            yield value
            yield from walk(value)


@pytest.mark.parametrize(
    "cls", [JSONDict, JSONAttrDict, BufferedJSONAttrDict, MemoryBufferedJSONAttrDict]
)
def test_children_state_matches_constructor(cls, tmp_path):
    for _ in range(2):  # the second root builds its children from the recorded templates
        root = cls(tmp_path / "a.json", data=DATA)
    for child in walk(root):
        expected = type(child)(data=child._to_base(), parent=child._parent)
        assert vars(child).keys() == vars(expected).keys()
        for key, value in vars(child).items():
            if key != "_data":
                assert value == vars(expected)[key], key
        assert child._parent is not None
        assert type(child) in _child_templates
    root["a"]["b"][1]["c"]["d"] = 3
    assert cls(tmp_path / "a.json")()["a"]["b"][1] == {"c": {"d": 3}}


def test_child_templates_are_per_class_and_not_shared(tmp_path):
    one = BufferedJSONAttrDict(tmp_path / "a.json", data={"x": {"y": 1}})
    two = BufferedJSONAttrList(tmp_path / "b.json", data=[{"y": 1}])
    one.x._buffered_ += 1  # instance state of one child does not leak into new ones
    fresh = BufferedJSONAttrDict(tmp_path / "c.json", data={"x": {"y": 1}})
    assert fresh.x._buffered_ == 0
    assert type(two[0]) is BufferedJSONAttrDict


def test_subclass_with_own_init_is_constructed_normally(tmp_path):
    calls = []

    class Counted(JSONList):
        def __init__(self, *args, **kwargs):
            calls.append(1)
            super().__init__(*args, **kwargs)

    class CountedDict(JSONDict):
        _backend = "tests.counted"

        def __init__(self, *args, **kwargs):
            calls.append(1)
            super().__init__(*args, **kwargs)

    for _ in range(3):
        CountedDict(tmp_path / "a.json", data={"a": {"b": {}}})
    assert len(calls) == 9  # root and two children, every time
    assert _child_templates.get(CountedDict) is False
