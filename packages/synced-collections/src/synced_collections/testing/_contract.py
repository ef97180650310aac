"""Generic behaviour tests for dict-, list- and attribute-dict-like synced collections."""

from __future__ import annotations

import copy
import pickle
import warnings
from typing import Any

import pytest

from ..errors import InvalidKeyError, KeyTypeError


class SyncedCollectionTest:
    """Base of the contract suites: the fixture and hooks every backend provides."""

    #: Whether instances can be pickled and deep-copied (clients of databases usually cannot).
    pickleable = True
    #: Whether int, bool and None keys are stored as ``str(key)`` with a DeprecationWarning
    #: (signac 1.7's JSON collections); otherwise they raise KeyTypeError.
    legacy_keys = False
    #: Whether keys containing dots raise InvalidKeyError (the attr-dict types).
    no_dots = False

    @pytest.fixture
    def synced_collection(self) -> Any:  # pragma: no cover - provided by subclasses
        """Return a new, empty collection of the type under test (a pytest fixture).

        Returns
        -------
        SyncedCollection
            An empty collection on a fresh resource.
        """
        raise NotImplementedError("Backends provide the synced_collection fixture.")

    def reopen(self, collection: Any) -> Any:  # pragma: no cover - provided by subclasses
        """Open a new collection object on the resource of ``collection``.

        Parameters
        ----------
        collection : SyncedCollection
            The (root) collection whose resource to open again.

        Returns
        -------
        SyncedCollection
            A new object of the same type synced with the same resource.
        """
        raise NotImplementedError("Backends provide reopen().")

    def snapshot(self, collection: Any) -> Any:
        """Return the stored state of the resource (to check it did not change)."""
        return self.reopen(collection)()

    def construct(self, collection: Any, data: Any) -> Any:  # pragma: no cover - provided
        """Create a new collection of the same type on the same resource with initial ``data``.

        Parameters
        ----------
        collection : SyncedCollection
            The (root) collection whose resource to use.
        data : object
            The ``data`` argument of the constructor.

        Returns
        -------
        SyncedCollection
            A new object constructed with ``data=data``.
        """
        raise NotImplementedError("Backends provide construct().")

    def test_root_is_a_plain_attribute(self, synced_collection):
        assert synced_collection._root is None
        assert "_root" in vars(synced_collection)
        nested = synced_collection._from_base({"a": [{"b": 1}]}, parent=synced_collection)
        assert nested._root is synced_collection
        assert nested["a"]._root is synced_collection
        assert nested["a"][0]._root is synced_collection
        del nested._root
        assert not hasattr(nested, "_root")
        del synced_collection._root
        assert not hasattr(synced_collection, "_root")

    def test_numpy_encoder_warns(self, synced_collection):
        numpy = pytest.importorskip("numpy")
        import json

        from ..numpy_utils import NumpyConversionWarning
        from ..utils import SyncedCollectionJSONEncoder, default

        for value, plain in [(numpy.float32(0.5), 0.5), (numpy.arange(2), [0, 1])]:
            with pytest.warns(NumpyConversionWarning):
                assert default(value) == plain
            with pytest.warns(NumpyConversionWarning):
                assert json.dumps({"x": value}, cls=SyncedCollectionJSONEncoder) == json.dumps(
                    {"x": plain}
                )
        for value in [numpy.complex64(1), numpy.array([1j]), *_long_doubles(numpy)]:
            with warnings.catch_warnings():
                warnings.simplefilter("error", NumpyConversionWarning)
                with pytest.raises(TypeError):
                    default(value)
                with pytest.raises(TypeError):
                    json.dumps([value], cls=SyncedCollectionJSONEncoder)


def _long_doubles(numpy: Any) -> list[Any]:
    """Long double values where they differ from float64 (x86 Linux and macOS)."""
    if numpy.dtype(numpy.longdouble).itemsize > 8:
        return [numpy.longdouble(1), numpy.array([1], dtype=numpy.longdouble)]
    return []


def _unstorable_numpy(numpy: Any) -> list[Any]:
    return [
        numpy.complex128(1 + 2j),
        numpy.array([1 + 2j]),
        numpy.array([[1j]], dtype=numpy.complex64),
        *_long_doubles(numpy),
    ]


class SyncedDictTest(SyncedCollectionTest):
    """Contract tests for dict-like synced collections."""

    def test_empty(self, synced_collection):
        assert len(synced_collection) == 0
        assert synced_collection == {}
        assert synced_collection() == {}
        assert "a" not in synced_collection
        assert self.reopen(synced_collection)() == {}

    def test_set_get_delete(self, synced_collection):
        synced_collection["a"] = 1
        assert synced_collection["a"] == 1
        assert "a" in synced_collection
        assert len(synced_collection) == 1
        assert self.reopen(synced_collection)["a"] == 1
        del synced_collection["a"]
        assert "a" not in synced_collection
        assert self.reopen(synced_collection)() == {}
        with pytest.raises(KeyError):
            synced_collection["a"]
        with pytest.raises(KeyError):
            del synced_collection["a"]

    def test_value_types(self, synced_collection):
        values = {
            "int": 1,
            "float": 1.5,
            "str": "text ü",
            "bool": True,
            "none": None,
            "list": [1, "a", None],
            "dict": {"x": {"y": []}},
            "tuple": (1, 2),
        }
        for key, value in values.items():
            synced_collection[key] = value
        values["tuple"] = [1, 2]
        assert synced_collection() == values
        assert self.reopen(synced_collection)() == values

    def test_nested_modification_syncs_through_root(self, synced_collection):
        synced_collection["a"] = {"b": {"c": [1, 2]}}
        synced_collection["a"]["b"]["d"] = 3
        synced_collection["a"]["b"]["c"].append(3)
        expected = {"a": {"b": {"c": [1, 2, 3], "d": 3}}}
        assert synced_collection() == expected
        assert self.reopen(synced_collection)() == expected
        nested = synced_collection["a"]["b"]
        assert nested == {"c": [1, 2, 3], "d": 3}
        assert nested._parent is not None

    def test_nested_sees_external_changes(self, synced_collection):
        synced_collection["a"] = {"b": 1}
        nested = synced_collection["a"]
        other = self.reopen(synced_collection)
        other["a"]["b"] = 2
        assert nested["b"] == 2
        assert synced_collection["a"]["b"] == 2

    def test_update(self, synced_collection):
        synced_collection.update({"a": 1, "b": {"c": 2}})
        synced_collection.update([("d", 3)], e=4)
        synced_collection.update(f=5)
        expected = {"a": 1, "b": {"c": 2}, "d": 3, "e": 4, "f": 5}
        assert synced_collection == expected
        assert self.reopen(synced_collection)() == expected

    def test_update_from_synced(self, synced_collection):
        other = self.reopen(synced_collection)
        synced_collection["x"] = {"y": 1}
        synced_collection.update({"z": synced_collection["x"]})
        assert other() == {"x": {"y": 1}, "z": {"y": 1}}

    def test_setdefault_pop_popitem(self, synced_collection):
        assert synced_collection.setdefault("a", 1) == 1
        assert synced_collection.setdefault("a", 2) == 1
        assert synced_collection.setdefault("n", {"x": 1}) == {"x": 1}
        assert self.reopen(synced_collection)() == {"a": 1, "n": {"x": 1}}
        assert synced_collection.pop("n") == {"x": 1}
        assert synced_collection.pop("missing", "default") == "default"
        with pytest.raises(KeyError):
            synced_collection.pop("missing")
        assert synced_collection.popitem() == ("a", 1)
        with pytest.raises(KeyError):
            synced_collection.popitem()
        assert self.reopen(synced_collection)() == {}

    def test_get_keys_values_items_iter(self, synced_collection):
        synced_collection.update({"a": 1, "b": {"c": 2}})
        assert synced_collection.get("a") == 1
        assert synced_collection.get("z") is None
        assert synced_collection.get("z", 5) == 5
        assert list(synced_collection.keys()) == ["a", "b"]
        assert list(synced_collection.values()) == [1, {"c": 2}]
        assert list(synced_collection.items()) == [("a", 1), ("b", {"c": 2})]
        assert list(synced_collection) == ["a", "b"]
        assert dict(synced_collection) == {"a": 1, "b": {"c": 2}}

    def test_clear_and_reset(self, synced_collection):
        synced_collection.update({"a": 1, "b": 2})
        synced_collection.clear()
        assert synced_collection == {}
        assert self.reopen(synced_collection)() == {}
        synced_collection.reset({"x": [1, {"y": 2}]})
        assert synced_collection == {"x": [1, {"y": 2}]}
        assert self.reopen(synced_collection)() == {"x": [1, {"y": 2}]}
        with pytest.raises(ValueError):
            synced_collection.reset([1, 2])
        with pytest.raises(ValueError):
            synced_collection.reset("abc")

    def test_call_returns_independent_copy(self, synced_collection):
        synced_collection["a"] = {"b": [1]}
        plain = synced_collection()
        assert type(plain) is dict
        assert type(plain["a"]) is dict
        assert type(plain["a"]["b"]) is list
        plain["a"]["b"].append(2)
        assert synced_collection() == {"a": {"b": [1]}}

    def test_equality_and_repr(self, synced_collection):
        synced_collection.update({"a": 1, "b": [1, 2]})
        assert synced_collection == {"a": 1, "b": [1, 2]}
        assert synced_collection != {"a": 1}
        assert synced_collection != [1]
        assert synced_collection == self.reopen(synced_collection)
        assert repr(synced_collection) == repr({"a": 1, "b": [1, 2]})
        assert str(synced_collection) == str({"a": 1, "b": [1, 2]})
        with pytest.raises(TypeError):
            hash(synced_collection)

    def test_reads_external_changes(self, synced_collection):
        other = self.reopen(synced_collection)
        other["a"] = 1
        assert synced_collection["a"] == 1
        other["a"] = 2
        assert synced_collection() == {"a": 2}

    @pytest.mark.parametrize("key", [1.5, (1, 2), b"bytes", object()])
    def test_invalid_key_types(self, synced_collection, key):
        synced_collection["ok"] = 1
        before = self.snapshot(synced_collection)
        with pytest.raises(KeyTypeError):
            synced_collection[key] = 1
        with pytest.raises(KeyTypeError):
            synced_collection.update({key: 1})
        with pytest.raises(KeyTypeError):
            synced_collection["nested"] = {key: 1}
        assert self.snapshot(synced_collection) == before
        assert synced_collection() == {"ok": 1}

    @pytest.mark.parametrize("value", [object(), {1, 2}, b"bytes", 1 + 2j, {"a": object()}])
    def test_invalid_values(self, synced_collection, value):
        synced_collection["ok"] = 1
        before = self.snapshot(synced_collection)
        with pytest.raises(TypeError):
            synced_collection["new"] = value
        with pytest.raises(TypeError):
            synced_collection.update(new=[value])
        assert self.snapshot(synced_collection) == before
        assert synced_collection() == {"ok": 1}

    def test_recursive_structure_rejected(self, synced_collection):
        synced_collection["ok"] = 1
        before = self.snapshot(synced_collection)
        recursive: dict[str, Any] = {"a": 1}
        recursive["self"] = recursive
        with pytest.raises(ValueError):
            synced_collection["r"] = recursive
        recursive_list: list[Any] = [1]
        recursive_list.append(recursive_list)
        with pytest.raises(ValueError):
            synced_collection["r"] = recursive_list
        assert self.snapshot(synced_collection) == before

    def test_dots_in_keys(self, synced_collection):
        synced_collection["ok"] = 1
        before = self.snapshot(synced_collection)
        if not self.no_dots:
            synced_collection["a.b"] = 1
            synced_collection["n"] = {"c.d": 1}
            assert self.reopen(synced_collection)() == {"ok": 1, "a.b": 1, "n": {"c.d": 1}}
            return
        with pytest.raises(InvalidKeyError):
            synced_collection["a.b"] = 1
        with pytest.raises(InvalidKeyError):
            synced_collection["n"] = {"c.d": 1}
        with pytest.raises(InvalidKeyError):
            synced_collection["n"] = [{"c.d": 1}]
        assert self.snapshot(synced_collection) == before

    @pytest.mark.parametrize("key", [1, True, None])
    def test_legacy_keys(self, synced_collection, key):
        stored = str(key)
        if not self.legacy_keys:
            with pytest.raises(KeyTypeError):
                synced_collection[key] = "x"
            with pytest.raises(KeyTypeError):
                synced_collection["n"] = {key: "x"}
            assert self.reopen(synced_collection)() == {}
            return
        message = "Use of .+ as key is deprecated"
        operations = [
            lambda: synced_collection.__setitem__(key, "set"),
            lambda: synced_collection.update({key: "update"}),
            lambda: synced_collection.setdefault(key, "setdefault"),
            lambda: synced_collection.__setitem__("nested", {"a": {key: "deep"}}),
            lambda: synced_collection.__setitem__("in_list", [1, {key: "list"}]),
            lambda: synced_collection.update(u={key: "update-nested"}),
            lambda: synced_collection["nested"].__setitem__(key, "child"),
            lambda: synced_collection["in_list"][1].__setitem__("x", {key: "grandchild"}),
        ]
        for operation in operations:
            with pytest.warns(DeprecationWarning, match=message):
                operation()
        expected = {
            stored: "update",
            "nested": {"a": {stored: "deep"}, stored: "child"},
            "in_list": [1, {stored: "list", "x": {stored: "grandchild"}}],
            "u": {stored: "update-nested"},
        }
        assert synced_collection() == expected
        assert self.reopen(synced_collection)() == expected
        with pytest.warns(DeprecationWarning, match=message):
            synced_collection.reset({key: {key: [{key: 0}]}})
        expected = {stored: {stored: [{stored: 0}]}}
        assert self.reopen(synced_collection)() == expected
        with pytest.warns(DeprecationWarning, match=message):
            constructed = self.construct(synced_collection, {key: {"a": [{key: 1}]}})
        # Constructor data is trusted, not written: check the in-memory data.
        assert constructed._to_base() == {stored: {"a": [{stored: 1}]}}

    @pytest.mark.parametrize("key", [1.5, (1, 2)])
    def test_float_and_tuple_keys_at_any_depth(self, synced_collection, key):
        synced_collection["ok"] = {"list": [{}]}
        before = self.snapshot(synced_collection)
        for operation in [
            lambda: synced_collection.__setitem__(key, 1),
            lambda: synced_collection.update({key: 1}),
            lambda: synced_collection.setdefault(key, 1),
            lambda: synced_collection.__setitem__("n", {"a": {key: 1}}),
            lambda: synced_collection.__setitem__("n", [{key: 1}]),
            lambda: synced_collection["ok"].__setitem__(key, 1),
            lambda: synced_collection["ok"]["list"][0].__setitem__(key, 1),
            lambda: synced_collection.reset({"a": [{key: 1}]}),
        ]:
            with pytest.raises(KeyTypeError):
                operation()
        assert self.snapshot(synced_collection) == before
        assert synced_collection() == {"ok": {"list": [{}]}}

    def test_values_and_items_are_plain_and_detached(self, synced_collection):
        synced_collection.update({"a": {"b": [1, {"c": 2}]}, "d": [3]})
        values = list(synced_collection.values())
        items = dict(synced_collection.items())
        assert values == [{"b": [1, {"c": 2}]}, [3]]
        assert type(values[0]) is dict and type(values[0]["b"]) is list
        assert type(values[0]["b"][1]) is dict and type(values[1]) is list
        assert type(items["a"]) is dict and type(items["d"]) is list
        values[0]["b"].append(4)
        values[1].clear()
        items["a"]["new"] = 1
        expected = {"a": {"b": [1, {"c": 2}]}, "d": [3]}
        assert synced_collection() == expected
        assert self.reopen(synced_collection)() == expected

    def test_pop_and_popitem_return_the_synced_child(self, synced_collection):
        from ..data_types.synced_collection import SyncedCollection

        synced_collection.update({"a": {"b": 1}, "c": [1, 2]})
        popped = synced_collection.pop("c")
        assert isinstance(popped, SyncedCollection)
        assert popped == [1, 2]
        key, value = synced_collection.popitem()
        assert key == "a"
        assert isinstance(value, SyncedCollection)
        assert value == {"b": 1}
        assert self.reopen(synced_collection)() == {}

    def test_nan_and_infinity(self, synced_collection):
        synced_collection["inf"] = float("inf")
        synced_collection["nan"] = float("nan")
        reopened = self.reopen(synced_collection)
        assert reopened["inf"] == float("inf")
        assert reopened["nan"] != reopened["nan"]

    def test_numpy_values(self, synced_collection):
        numpy = pytest.importorskip("numpy")
        from ..numpy_utils import NumpyConversionWarning

        scalars = [numpy.int64(3), numpy.float32(0.5), numpy.bool_(True), numpy.uint8(7)]
        for value in scalars:
            with pytest.warns(NumpyConversionWarning):
                synced_collection["s"] = value
            assert synced_collection["s"] == value.item()
            assert type(synced_collection["s"]) is type(value.item())
        operations = [
            ("set", lambda: synced_collection.__setitem__("arr", numpy.array([[1, 2], [3, 4]]))),
            ("zero_d", lambda: synced_collection.__setitem__("zero_d", numpy.array(2.5))),
            ("update", lambda: synced_collection.update({"u": numpy.int32(1)})),
            ("update_kw", lambda: synced_collection.update(k=numpy.float64(1.5))),
            ("setdefault", lambda: synced_collection.setdefault("sd", numpy.int16(2))),
            ("nested", lambda: synced_collection.__setitem__("n", {"x": [numpy.int8(1)]})),
            ("child", lambda: synced_collection["n"].__setitem__("y", numpy.arange(2))),
            ("list_child", lambda: synced_collection["n"]["x"].append(numpy.float16(0.5))),
        ]
        for _name, operation in operations:
            with pytest.warns(NumpyConversionWarning):
                operation()
        expected = {
            "s": 7,
            "arr": [[1, 2], [3, 4]],
            "zero_d": 2.5,
            "u": 1,
            "k": 1.5,
            "sd": 2,
            "n": {"x": [1, 0.5], "y": [0, 1]},
        }
        assert synced_collection() == expected
        assert self.reopen(synced_collection)() == expected
        with pytest.warns(NumpyConversionWarning):
            synced_collection.reset({"r": numpy.float64(1.0), "l": [numpy.int64(2)]})
        assert self.reopen(synced_collection)() == {"r": 1.0, "l": [2]}
        with pytest.warns(NumpyConversionWarning):
            constructed = self.construct(synced_collection, {"i": numpy.int64(5)})
        assert constructed._to_base() == {"i": 5}  # in memory (constructor data is not saved)

    def test_numpy_complex_and_long_double_raise(self, synced_collection):
        numpy = pytest.importorskip("numpy")
        from ..numpy_utils import NumpyConversionWarning

        synced_collection["ok"] = {"list": []}
        before = self.snapshot(synced_collection)
        for value in _unstorable_numpy(numpy):
            with warnings.catch_warnings():
                warnings.simplefilter("error", NumpyConversionWarning)
                for operation in [
                    lambda value=value: synced_collection.__setitem__("c", value),
                    lambda value=value: synced_collection.update(c=value),
                    lambda value=value: synced_collection.setdefault("c", value),
                    lambda value=value: synced_collection.__setitem__("c", {"d": [value]}),
                    lambda value=value: synced_collection["ok"]["list"].append(value),
                    lambda value=value: synced_collection.reset({"c": value}),
                ]:
                    with pytest.raises(TypeError):
                        operation()
        assert self.snapshot(synced_collection) == before
        assert synced_collection() == {"ok": {"list": []}}

    def test_copies_share_the_resource(self, synced_collection):
        synced_collection["a"] = {"b": 1}
        clones = [copy.copy(synced_collection)]
        if self.pickleable:
            clones += [
                copy.deepcopy(synced_collection),
                pickle.loads(pickle.dumps(synced_collection)),
            ]
        for clone in clones:
            assert clone == {"a": {"b": 1}}
            clone["a"]["b"] = 2
            assert synced_collection["a"]["b"] == 2
            clone["a"]["b"] = 1


class AttrDictTest(SyncedDictTest):
    """Contract tests for dict-like collections with attribute access."""

    def test_attribute_access(self, synced_collection):
        synced_collection.a = 1
        assert synced_collection.a == synced_collection["a"] == 1
        synced_collection.b = {"c": {"d": 1}}
        synced_collection.b.c.d = 2
        assert self.reopen(synced_collection)() == {"a": 1, "b": {"c": {"d": 2}}}
        assert synced_collection.b.c == {"d": 2}
        del synced_collection.a
        assert "a" not in synced_collection
        with pytest.raises(AttributeError):
            _ = synced_collection.a
        with pytest.raises(AttributeError):
            del synced_collection.a
        assert "b" in dir(synced_collection)

    def test_protected_attribute_names(self, synced_collection):
        synced_collection["keys"] = 1
        assert callable(synced_collection.keys)
        assert synced_collection["keys"] == 1
        synced_collection._private = 5  # an attribute, not a key
        assert "_private" not in synced_collection
        with pytest.raises(AttributeError):
            _ = synced_collection._missing
        synced_collection["_key"] = 1
        assert synced_collection["_key"] == 1
        synced_collection["_root"] = "key"  # a key; the attribute is the collection's
        assert synced_collection._root is None
        synced_collection.sub = {"x": 1}
        assert synced_collection.sub._root is synced_collection
        del synced_collection.sub._root  # a plain attribute, not a key
        assert synced_collection.sub == {"x": 1}
        assert synced_collection["_root"] == "key"

    def test_nested_in_list_are_attr_dicts(self, synced_collection):
        synced_collection.items_ = [{"a": 1}]
        synced_collection.items_[0].a = 2
        assert self.reopen(synced_collection)() == {"items_": [{"a": 2}]}


class SyncedListTest(SyncedCollectionTest):
    """Contract tests for list-like synced collections."""

    def test_empty(self, synced_collection):
        assert len(synced_collection) == 0
        assert synced_collection == []
        assert self.reopen(synced_collection)() == []

    def test_append_extend_insert(self, synced_collection):
        synced_collection.append(1)
        synced_collection.extend([2, 3])
        synced_collection.insert(0, 0)
        synced_collection += [4]
        assert synced_collection == [0, 1, 2, 3, 4]
        assert self.reopen(synced_collection)() == [0, 1, 2, 3, 4]
        assert synced_collection[-1] == 4
        assert synced_collection[1:3] == [1, 2]

    def test_setitem_delitem_slices(self, synced_collection):
        synced_collection.extend([0, 1, 2, 3, 4])
        synced_collection[0] = "a"
        synced_collection[1:3] = ["b", "c", "d"]
        assert synced_collection == ["a", "b", "c", "d", 3, 4]
        del synced_collection[0]
        del synced_collection[-2:]
        assert synced_collection == ["b", "c", "d"]
        assert self.reopen(synced_collection)() == ["b", "c", "d"]
        with pytest.raises(IndexError):
            synced_collection[10]
        with pytest.raises(IndexError):
            synced_collection[10] = 1

    def test_pop_remove_reverse_sort_clear(self, synced_collection):
        synced_collection.extend([3, 1, 2, 1])
        assert synced_collection.pop() == 1
        assert synced_collection.pop(0) == 3
        synced_collection.remove(2)
        assert synced_collection == [1]
        with pytest.raises(ValueError):
            synced_collection.remove(42)
        synced_collection.extend([5, 0])
        synced_collection.sort()
        assert synced_collection == [0, 1, 5]
        synced_collection.reverse()
        assert synced_collection == [5, 1, 0]
        assert self.reopen(synced_collection)() == [5, 1, 0]
        assert synced_collection.index(1) == 1
        assert synced_collection.count(5) == 1
        assert list(reversed(synced_collection)) == [0, 1, 5]
        synced_collection.clear()
        assert self.reopen(synced_collection)() == []

    def test_nested(self, synced_collection):
        synced_collection.append({"a": [1]})
        synced_collection[0]["a"].append(2)
        synced_collection[0]["b"] = {"c": 1}
        synced_collection.append([[1]])
        synced_collection[1][0].append(2)
        expected = [{"a": [1, 2], "b": {"c": 1}}, [[1, 2]]]
        assert synced_collection == expected
        assert self.reopen(synced_collection)() == expected
        plain = synced_collection()
        assert type(plain[0]) is dict and type(plain[1][0]) is list

    def test_reset(self, synced_collection):
        synced_collection.reset([1, {"a": 2}])
        assert self.reopen(synced_collection)() == [1, {"a": 2}]
        with pytest.raises(ValueError):
            synced_collection.reset({"a": 1})
        with pytest.raises(ValueError):
            synced_collection.reset("abc")

    def test_equality_and_repr(self, synced_collection):
        synced_collection.extend([1, [2]])
        assert synced_collection == [1, [2]]
        assert synced_collection != [1]
        assert synced_collection != {"a": 1}
        assert synced_collection == self.reopen(synced_collection)
        assert repr(synced_collection) == "[1, [2]]"

    def test_reads_external_changes(self, synced_collection):
        other = self.reopen(synced_collection)
        other.append(1)
        assert synced_collection == [1]

    @pytest.mark.parametrize("value", [object(), {1, 2}, 1 + 2j, {"a": object()}, {1.5: 1}])
    def test_invalid_values(self, synced_collection, value):
        synced_collection.append(1)
        before = self.snapshot(synced_collection)
        with pytest.raises(TypeError):
            synced_collection.append(value)
        with pytest.raises(TypeError):
            synced_collection.extend([2, value])
        with pytest.raises(TypeError):
            synced_collection.insert(0, value)
        with pytest.raises(TypeError):
            synced_collection[0] = value
        assert self.snapshot(synced_collection) == before
        assert synced_collection == [1]

    def test_recursive_structure_rejected(self, synced_collection):
        recursive: list[Any] = [1]
        recursive.append(recursive)
        with pytest.raises(ValueError):
            synced_collection.append(recursive)
        assert self.reopen(synced_collection)() == []

    def test_numpy_values(self, synced_collection):
        numpy = pytest.importorskip("numpy")
        from ..numpy_utils import NumpyConversionWarning

        operations = [
            lambda: synced_collection.append(numpy.int32(1)),
            lambda: synced_collection.append(numpy.arange(3)),
            lambda: synced_collection.extend(numpy.array([4.5])),
            lambda: synced_collection.insert(0, numpy.bool_(False)),
            lambda: synced_collection.__iadd__([numpy.float32(0.25)]),
            lambda: synced_collection.__setitem__(0, numpy.uint16(9)),
            lambda: synced_collection.__setitem__(slice(1, 2), [numpy.int8(2)]),
            lambda: synced_collection.append({"a": numpy.int64(1)}),
            lambda: synced_collection[-1].__setitem__("b", numpy.array([1, 2])),
        ]
        for operation in operations:
            with pytest.warns(NumpyConversionWarning):
                operation()
        expected = [9, 2, [0, 1, 2], 4.5, 0.25, {"a": 1, "b": [1, 2]}]
        assert synced_collection == expected
        assert self.reopen(synced_collection)() == expected
        assert type(synced_collection[0]) is int
        with pytest.warns(NumpyConversionWarning):
            synced_collection.reset(numpy.array([1, 2]))
        assert self.reopen(synced_collection)() == [1, 2]
        with pytest.warns(NumpyConversionWarning):
            synced_collection.reset([numpy.float64(0.5)])
        assert self.reopen(synced_collection)() == [0.5]
        with pytest.warns(NumpyConversionWarning):
            constructed = self.construct(synced_collection, numpy.array([3]))
        assert constructed._to_base() == [3]  # in memory (constructor data is not saved)

    def test_numpy_complex_and_long_double_raise(self, synced_collection):
        numpy = pytest.importorskip("numpy")
        from ..numpy_utils import NumpyConversionWarning

        synced_collection.append([1])
        before = self.snapshot(synced_collection)
        for value in _unstorable_numpy(numpy):
            with warnings.catch_warnings():
                warnings.simplefilter("error", NumpyConversionWarning)
                for operation in [
                    lambda value=value: synced_collection.append(value),
                    lambda value=value: synced_collection.extend([value]),
                    lambda value=value: synced_collection.insert(0, value),
                    lambda value=value: synced_collection.__setitem__(0, value),
                    lambda value=value: synced_collection.__setitem__(slice(0, 1), [value]),
                    lambda value=value: synced_collection.__iadd__([{"a": value}]),
                    lambda value=value: synced_collection[0].append(value),
                    lambda value=value: synced_collection.reset([value]),
                ]:
                    with pytest.raises(TypeError):
                        operation()
        assert self.snapshot(synced_collection) == before
        assert synced_collection == [[1]]

    def test_keys_of_dicts_in_lists(self, synced_collection):
        synced_collection.append({})
        if self.legacy_keys:
            with pytest.warns(DeprecationWarning, match="Use of .+ as key is deprecated"):
                synced_collection.append({1: {None: 2}})
            with pytest.warns(DeprecationWarning, match="Use of .+ as key is deprecated"):
                synced_collection[0][True] = 3
            assert self.reopen(synced_collection)() == [{"True": 3}, {"1": {"None": 2}}]
        else:
            with pytest.raises(KeyTypeError):
                synced_collection.append({1: 2})
            with pytest.raises(KeyTypeError):
                synced_collection[0][1] = 2
        before = self.snapshot(synced_collection)
        for key in (1.5, (1, 2)):
            with pytest.raises(KeyTypeError):
                synced_collection.append({key: 1})
            with pytest.raises(KeyTypeError):
                synced_collection[0][key] = 1
        assert self.snapshot(synced_collection) == before

    def test_copies_share_the_resource(self, synced_collection):
        synced_collection.append([1])
        clones = [copy.copy(synced_collection)]
        if self.pickleable:
            clones += [
                copy.deepcopy(synced_collection),
                pickle.loads(pickle.dumps(synced_collection)),
            ]
        for clone in clones:
            clone[0].append(2)
            assert synced_collection == [[1, 2]]
            clone[0].pop()
