"""signac 1.7's old dicts: ``_SyncedDict``, ``SyncedAttrDict`` (item 6) and the legacy ``JSONDict`` (item 7).

The load/save counts are observed through a root parent that counts its
``load()`` / ``save()`` calls, as client test suites of signac 1.x do.
"""

import copy
import json
import warnings
from collections.abc import MutableMapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signac_core._legacy_dicts import JSONDict, SyncedAttrDict, _SyncedDict, _SyncedList
from signac_core.errors import InvalidKeyError, KeyTypeError


class SyncPoint:
    """A root parent: counts the loads and saves of the dicts below it."""

    def __init__(self):
        self.loads = 0
        self.saves = 0

    def load(self):
        self.loads += 1

    def save(self):
        self.saves += 1

    def counts(self):
        counts = (self.loads, self.saves)
        self.loads = self.saves = 0
        return counts


class CountingRoot(SyncedAttrDict):
    """A root subclass counting its own public load()/save() (children delegate to it)."""

    def __init__(self, initialdata=None, parent=None):
        self.loads = 0
        self.saves = 0
        super().__init__(initialdata, parent=parent)

    def load(self):
        if self._parent is None:
            self.loads += 1
        super().load()

    def save(self):
        if self._parent is None:
            self.saves += 1
        super().save()


@pytest.fixture
def sync():
    return SyncPoint()


def make(cls, data, parent):
    with pytest.warns(DeprecationWarning):
        return cls(data, parent=parent)


@pytest.fixture(params=[_SyncedDict, SyncedAttrDict])
def cls(request):
    return request.param


def test_construction(cls):
    with pytest.warns(DeprecationWarning, match="deprecated since signac 1.7") as record:
        d = cls()
    assert record[0].filename == __file__  # attributed to the caller
    assert isinstance(d, MutableMapping)
    assert len(d) == 0
    assert d() == {}
    d["a"] = 1
    assert d() == {"a": 1}
    with pytest.warns(DeprecationWarning):
        assert cls({"a": {"b": [1, 2]}})() == {"a": {"b": [1, 2]}}


@pytest.mark.parametrize(
    ("operation", "expected"),
    [
        (lambda d: d["a"], (1, 0)),
        (lambda d: d.get("a"), (1, 0)),
        (lambda d: d.get("missing", 0), (1, 0)),
        (lambda d: len(d), (1, 0)),
        (lambda d: "a" in d, (1, 0)),
        (lambda d: [key for key in d], (1, 0)),
        (lambda d: d.keys(), (1, 0)),
        (lambda d: d.values(), (1, 0)),
        (lambda d: d.items(), (1, 0)),
        (lambda d: d(), (1, 0)),
        (lambda d: str(d), (1, 0)),
        (lambda d: repr(d), (1, 0)),
        (lambda d: d == {"a": 1, "b": {"c": [1, 2]}}, (1, 0)),
        (lambda d: d.__setitem__("x", 2), (1, 1)),
        (lambda d: d.__setitem__("x", {"y": {"z": 1}}), (1, 1)),
        (lambda d: d.pop("a"), (1, 1)),
        (lambda d: d.pop("missing", None), (1, 1)),
        (lambda d: d.popitem(), (1, 1)),
        (lambda d: d.setdefault("x", 3), (1, 1)),
        (lambda d: d.setdefault("a", 3), (1, 1)),
        (lambda d: d.__delitem__("a"), (1, 1)),
        (lambda d: d.update({"x": 1, "y": 2}), (1, 1)),
        (lambda d: d.update(x=1, y={"z": 2}), (1, 1)),
        (lambda d: d.clear(), (0, 1)),
    ],
)
def test_exact_load_save_counts(cls, sync, operation, expected):
    d = make(cls, {"a": 1, "b": {"c": [1, 2]}}, sync)
    assert sync.counts() == (0, 0)  # constructing does not sync
    operation(d)
    assert sync.counts() == expected


def test_counts_through_a_root_subclass():
    with pytest.warns(DeprecationWarning):
        root = CountingRoot({"a": {"b": 0}, "l": [1]})
    root.a.b = 1
    assert (root.loads, root.saves) == (2, 1)
    root.l.append(2)  # getting l: one load; append: one load and one save
    assert (root.loads, root.saves) == (4, 2)
    assert root() == {"a": {"b": 1}, "l": [1, 2]}


def test_nested_attribute_write_costs_two_loads_and_one_save(sync):
    d = make(SyncedAttrDict, {"a": {"b": 0}}, sync)
    d.a.b = 1
    assert sync.counts() == (2, 1)
    assert d.a.b == 1
    assert sync.counts() == (2, 0)
    d["a"]["b"] = 2
    assert sync.counts() == (2, 1)
    del d.a.b
    assert sync.counts() == (2, 1)
    assert d() == {"a": {}}


def test_nested_dicts_are_children_of_the_same_type(cls, sync):
    d = make(cls, {"a": {"b": {"c": 1}}}, sync)
    child = d["a"]
    assert type(child) is cls
    assert d["a"] is child  # the same object on every access
    assert child["b"] is d["a"]["b"]
    d["x"] = {"y": 1}
    assert type(d["x"]) is cls
    assert child() == {"b": {"c": 1}}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # children are made without a deprecation warning
        d["z"] = {"w": {"v": 1}}


def test_synced_lists(cls, sync):
    d = make(cls, {"l": [1, 2, {"k": 0}]}, sync)
    lst = d["l"]
    assert sync.counts() == (1, 0)
    assert isinstance(lst, _SyncedList)
    assert isinstance(lst, list)
    assert len(lst) == 3
    assert sync.counts() == (0, 0)  # len is free
    assert lst[0] == 1
    assert sync.counts() == (1, 0)
    lst[0] = 5
    assert sync.counts() == (1, 1)
    del lst[0]
    assert sync.counts() == (1, 1)
    lst.append(3)
    assert sync.counts() == (1, 1)
    lst.insert(0, 0)
    assert sync.counts() == (1, 1)
    assert lst.pop() == 3
    assert sync.counts() == (1, 1)
    assert type(list.__getitem__(lst, 2)) is cls  # dicts in lists are synced dicts
    assert d() == {"l": [0, 2, {"k": 0}]}


@pytest.mark.parametrize(
    "operation",
    [
        lambda lst: lst.extend([7, 8]),
        lambda lst: lst.remove(2),
        lambda lst: lst.clear(),
        lambda lst: lst.reverse(),
        lambda lst: lst.sort(),
        lambda lst: lst.__iadd__([9]),
        lambda lst: lst.__setitem__(slice(0, 1), [4, 5]),
    ],
)
def test_other_list_writes_load_and_save_once(sync, operation):
    d = make(_SyncedDict, {"l": [3, 2, 1]}, sync)
    lst = d["l"]
    sync.counts()
    expected = list(lst)
    operation(expected)
    operation(lst)
    assert sync.counts() == (1, 1)
    assert d()["l"] == expected


def test_copy_shares_and_deepcopy_detaches(cls, sync):
    d = make(cls, {"a": {"b": 1}}, sync)
    shallow = copy.copy(d)
    assert shallow._parent is sync
    assert shallow._data is d._data
    shallow["c"] = 2
    assert d() == {"a": {"b": 1}, "c": 2}
    sync.counts()
    deep = copy.deepcopy(d)
    assert sync.counts() == (0, 0)
    assert deep._parent is None
    assert deep() == {"a": {"b": 1}, "c": 2}
    deep["a"]["b"] = 5
    deep["new"] = 1
    assert sync.counts() == (0, 0)  # a detached copy syncs through nobody
    assert d() == {"a": {"b": 1}, "c": 2}


def test_suspend_sync_is_reentrant(cls, sync):
    d = make(cls, {"a": {"b": 1}}, sync)
    with d._suspend_sync():
        with d._suspend_sync():
            d["x"] = 1
            assert d["a"]["b"] == 1
        d["a"]["b"] = 2  # children of a suspended dict do not sync either
        assert len(d) == 2
    assert sync.counts() == (0, 0)
    d["y"] = 1
    assert sync.counts() == (1, 1)


def test_calling_returns_a_plain_dict(cls, sync):
    d = make(cls, {"a": {"b": [1, {"c": 2}]}}, sync)
    plain = d()
    assert type(plain) is dict
    assert type(plain["a"]) is dict
    assert type(plain["a"]["b"]) is list
    assert type(plain["a"]["b"][1]) is dict
    plain["a"]["b"].append(3)
    assert d() == {"a": {"b": [1, {"c": 2}]}}


def test_keys(cls, sync):
    d = make(cls, {}, sync)
    with pytest.warns(DeprecationWarning, match="deprecated"):
        d[1] = "int"
        d[True] = "bool"
        d[None] = "none"
    assert d() == {"1": "int", "True": "bool", "None": "none"}
    with pytest.raises(InvalidKeyError):
        d["a.b"] = 1
    with pytest.raises(InvalidKeyError):
        d["x"] = {"a.b": 1}
    with pytest.raises(KeyTypeError):
        d[1.5] = 1
    with pytest.raises(KeyTypeError):
        d[(1, 2)] = 1
    assert d() == {"1": "int", "True": "bool", "None": "none"}


def test_attribute_access(sync):
    d = make(SyncedAttrDict, {"a": 1, "b": {"c": 2}}, sync)
    assert d.a == 1
    assert d.b.c == 2
    d.x = 3
    assert d["x"] == 3
    del d.x
    assert "x" not in d
    with pytest.raises(AttributeError):
        d.missing  # noqa: B018
    assert not hasattr(d, "__missing_dunder__")


def test_other_mapping_methods(cls, sync):
    d = make(cls, {"a": 1}, sync)
    assert d.pop("a") == 1
    with pytest.raises(KeyError):
        d.pop("a")
    assert d.pop("a", "default") == "default"
    with pytest.raises(KeyError):
        d.popitem()
    d.update([("p", 1)], q=2)
    assert d() == {"p": 1, "q": 2}
    assert d.setdefault("r", {"s": 1})["s"] == 1
    assert d != {"p": 1}
    with pytest.raises(TypeError):
        hash(d)


# -- legacy JSONDict ------------------------------------------------------------------------


def make_json(fn, **kwargs):
    with pytest.warns(DeprecationWarning):
        return JSONDict(str(fn), **kwargs)


def test_jsondict_is_the_legacy_class(tmp_path):
    from synced_collections.backends.collection_json import BufferedJSONAttrDict

    d = make_json(tmp_path / "d.json")
    assert isinstance(d, SyncedAttrDict)
    assert not isinstance(d, BufferedJSONAttrDict)


def test_jsondict_needs_exactly_one_of_filename_and_parent(tmp_path):
    with pytest.raises(ValueError, match="exactly one"):
        JSONDict()
    parent = make_json(tmp_path / "p.json")
    with pytest.raises(ValueError, match="exactly one"):
        JSONDict(str(tmp_path / "d.json"), parent=parent)
    assert JSONDict(parent=parent)() == {}
    assert make_json(tmp_path / "d.json", write_concern=True)() == {}


def test_jsondict_reads_reload_the_file(tmp_path):
    fn = tmp_path / "d.json"
    d = make_json(fn)
    other = make_json(fn)
    d.a = {"b": 1}
    assert json.loads(fn.read_text()) == {"a": {"b": 1}}
    assert other.a.b == 1
    fn.write_text(json.dumps({"a": {"b": 2}, "c": [1]}))
    child = d.a
    assert d.a.b == 2
    assert d.a is child  # nested dicts stay the same objects across reloads
    assert d.c == [1]
    other.c.append(2)
    assert d() == {"a": {"b": 2}, "c": [1, 2]}
    fn.write_text("{}")
    assert "a" not in d
    assert len(d) == 0


def test_jsondict_failed_write_leaves_the_file(tmp_path):
    fn = tmp_path / "d.json"
    d = make_json(fn)
    d.a = 1
    before = fn.read_bytes()
    with pytest.raises(TypeError):
        d.b = object()
    with pytest.raises(TypeError):
        d.a = {1, 2}
    assert fn.read_bytes() == before
    assert d() == {"a": 1}
    assert not [p.name for p in tmp_path.iterdir() if p.name != "d.json"]


def test_jsondict_save_load_reset(tmp_path):
    fn = tmp_path / "d.json"
    d = make_json(fn)
    d.reset({"x": {"y": 1}})
    assert json.loads(fn.read_text()) == {"x": {"y": 1}}
    with pytest.raises(ValueError, match="mapping"):
        d.reset([1, 2])
    with pytest.raises(TypeError):
        d.reset({"bad": object()})
    assert json.loads(fn.read_text()) == {"x": {"y": 1}}
    assert d() == {"x": {"y": 1}}
    fn.write_text(json.dumps({"z": 1}))
    d.load()
    assert d._data == {"z": 1}
    with d._suspend_sync():
        d["w"] = 2
    d.save()
    assert json.loads(fn.read_text()) == {"z": 1, "w": 2}


def test_jsondict_buffered(tmp_path):
    fn = tmp_path / "d.json"
    d = make_json(fn)
    other = make_json(fn)
    d.a = 1
    with d.buffered() as b:
        assert isinstance(b, MutableMapping)
        b.a = 2
        b["n"] = {"m": 1}
        b.n.m = 3
        assert b() == {"a": 2, "n": {"m": 3}}
        assert json.loads(fn.read_text()) == {"a": 1}  # invisible to the file ...
        assert other() == {"a": 1}  # ... and to other instances
    assert json.loads(fn.read_text()) == {"a": 2, "n": {"m": 3}}
    assert other() == {"a": 2, "n": {"m": 3}}


# -- the legacy dicts behave like a plain dict (property test) ---------------------------------

_keys = st.sampled_from(["a", "b", "c"])
_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_keys, children, max_size=3),
    max_leaves=5,
)
_operations = st.lists(
    st.one_of(
        st.tuples(st.just("set"), _keys, _values),
        st.tuples(st.just("del"), _keys),
        st.tuples(st.just("pop"), _keys),
        st.tuples(st.just("setdefault"), _keys, _values),
        st.tuples(st.just("update"), st.dictionaries(_keys, _values, max_size=2)),
        st.tuples(st.just("clear")),
    ),
    max_size=12,
)


def _apply(target, operation):
    name, *args = operation
    if name == "set":
        target[args[0]] = args[1]
    elif name == "del":
        if args[0] in target:
            del target[args[0]]
    elif name == "pop":
        target.pop(args[0], None)
    elif name == "setdefault":
        target.setdefault(args[0], args[1])
    elif name == "update":
        target.update(args[0])
    else:
        target.clear()


@settings(max_examples=60, deadline=None)
@given(operations=_operations)
def test_matches_a_plain_dict(tmp_path_factory, operations):
    fn = tmp_path_factory.mktemp("prop") / "d.json"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        synced = SyncedAttrDict()
        on_file = JSONDict(str(fn))
    reference = {}
    for operation in operations:
        _apply(reference, operation)
        _apply(synced, operation)
        _apply(on_file, operation)
        assert synced() == reference
        assert on_file() == reference
    if fn.exists():
        assert json.loads(fn.read_text()) == reference
    else:  # nothing was ever saved
        assert reference == {}
