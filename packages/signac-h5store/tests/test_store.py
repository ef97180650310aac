"""The H5Store API: mapping methods, attribute access, opening, modes, errors."""

import os
import pickle
import threading

import h5py
import numpy as np
import pytest

from signac_h5store import (
    H5Group,
    H5Store,
    H5StoreAlreadyOpenError,
    H5StoreClosedError,
    H5StoreError,
)
from signac_h5store.errors import H5StoreReadOnlyError


def test_docstring_example(h5s):
    with h5s:
        h5s["foo"] = "bar"
        assert "foo" in h5s
        assert h5s.foo == "bar"
        assert h5s["foo"] == "bar"


def test_attribute_access(h5s):
    h5s.foo = 1
    assert h5s.foo == 1 and h5s["foo"] == 1
    h5s.group = {}
    h5s.group.bar = 2
    h5s.group.sub = {"x": 3}
    h5s.group.sub.y = 4
    assert h5s["group"]["bar"] == 2
    assert h5s.group.sub == {"x": 3, "y": 4}
    del h5s.foo
    assert "foo" not in h5s
    del h5s.group.sub.x
    assert dict(h5s.group.sub) == {"y": 4}
    with pytest.raises(AttributeError, match="no attribute or key 'missing'"):
        _ = h5s.missing
    with pytest.raises(AttributeError):
        del h5s.missing
    assert not hasattr(h5s, "missing")
    assert not hasattr(h5s.group, "missing")


def test_attribute_names_of_the_class_are_not_keys(h5s):
    h5s["keys"] = 1  # a key may have any name ...
    assert callable(h5s.keys)  # ... but methods win for attribute access
    assert h5s["keys"] == 1
    with pytest.raises(AttributeError, match="attribute of H5Store"):
        h5s.mode = "r"
    with pytest.raises(AttributeError, match="attribute of H5Group"):
        h5s.setdefault("g", {}).update = 1
    assert h5s.mode == "a"


def test_mapping_methods(h5s):
    assert len(h5s) == 0 and list(h5s) == [] and dict(h5s) == {}
    h5s.update({"a": 1, "b": 2.0}, c="three")
    h5s.update([("d", None)])
    assert set(h5s.keys()) == {"a", "b", "c", "d"}
    assert sorted(h5s.values(), key=str) == sorted([1, 2.0, "three", None], key=str)
    assert dict(h5s.items()) == {"a": 1, "b": 2.0, "c": "three", "d": None}
    assert len(h5s) == 4
    assert h5s.get("a") == 1 and h5s.get("zz") is None and h5s.get("zz", 5) == 5
    assert h5s.pop("a") == 1 and "a" not in h5s
    assert h5s.pop("a", "gone") == "gone"
    with pytest.raises(KeyError):
        h5s.pop("a")
    with pytest.raises(KeyError):
        h5s["a"]
    with pytest.raises(KeyError):
        del h5s["a"]
    key, value = h5s.popitem()
    assert key in {"b", "c", "d"} and key not in h5s
    h5s.clear()
    assert len(h5s) == 0
    with pytest.raises(KeyError):
        h5s.popitem()
    assert h5s == {} and h5s != {"a": 1} and h5s != [1]


def test_setdefault(h5s):
    assert h5s.setdefault("a", 1) == 1
    assert h5s.setdefault("a", 2) == 1
    group = h5s.setdefault("g", {"x": 1})
    assert isinstance(group, H5Group) and group == {"x": 1}
    group.y = 2  # writes through
    assert h5s.g.y == 2
    with pytest.raises(H5StoreClosedError, match="open store"):
        h5s.setdefault("arr", np.zeros(3))
    assert "arr" not in h5s
    with h5s:
        dataset = h5s.setdefault("arr", np.zeros(3))
        assert isinstance(dataset, h5py.Dataset) and dataset.shape == (3,)


def test_pop_reads_arrays_into_memory(h5s):
    h5s["a"] = np.arange(3)
    h5s["g"] = {"b": np.ones(2)}
    result = h5s.pop("a")  # works closed: the value is read before deletion
    np.testing.assert_array_equal(result, [0, 1, 2])
    group = h5s.pop("g")
    assert isinstance(group, dict)
    np.testing.assert_array_equal(group["b"], [1, 1])
    assert len(h5s) == 0


def test_path_keys(h5s):
    h5s["a/b/c"] = 1
    assert h5s["a"]["b"]["c"] == 1
    assert h5s["/a/b/c"] == 1 and "a/b/c" in h5s and "/a" in h5s
    assert "a/x" not in h5s and "a/b/c/d" not in h5s
    del h5s["a/b/c"]
    assert dict(h5s.a.b) == {}
    h5s["x"] = 1
    with pytest.raises(ValueError, match="not a group"):
        h5s["x/y"] = 2
    assert h5s.x == 1


@pytest.mark.parametrize("key", ["", ".", "a//b", "a/", "a/./b", "nul\x00"])
def test_invalid_keys(h5s, key):
    with pytest.raises(ValueError, match="Invalid key|must not contain dots"):
        h5s[key] = 1
    with pytest.raises(ValueError):
        h5s[key]
    assert key not in h5s
    assert not os.path.exists(h5s.filename)


def test_group_keys_are_relative(h5s):
    h5s.g = {"a": 1}
    with pytest.raises(ValueError, match="relative"):
        h5s.g["/a"]


@pytest.mark.parametrize("key", [1, 1.5, None, b"a", ("a",)])
def test_non_str_keys(h5s, key):
    with pytest.raises(TypeError, match="must be str"):
        h5s[key] = 1
    with pytest.raises(TypeError):
        h5s[key]
    assert key not in h5s


@pytest.mark.parametrize(
    "value, error, match",
    [
        (object(), TypeError, "cannot store a value of type builtins.object"),
        ({1, 2}, TypeError, "builtins.set"),
        (["a", "b"], TypeError, "only numbers"),
        ([1, [2, 3]], ValueError, "rectangular"),
        ([2**70], TypeError, "only numbers"),
        (2**64, ValueError, "does not fit into 64 bits"),
        (np.array(["a"]), TypeError, "unicode strings"),
        (np.array([object()]), TypeError, "dtype object"),
        (np.array(["2020-01-01"], dtype="M8[D]"), TypeError, "datetime64"),
        ("nul\x00", ValueError, "NUL"),
        ("\ud800", UnicodeEncodeError, "surrogate"),
        ({"ok": 1, "bad": object()}, TypeError, "builtins.object"),
    ],
)
def test_bad_values_leave_the_file_unchanged(h5s, value, error, match, file_bytes):
    h5s["x"] = {"keep": 1}
    h5s["y"] = 2
    before = file_bytes(h5s.filename)
    with pytest.raises(error, match=match):
        h5s["x"] = value
    with pytest.raises(error, match=match):
        h5s["new"] = value
    with pytest.raises(error, match=match):
        h5s.update({"y": 3, "z": value})
    with pytest.raises(error, match=match):
        h5s.setdefault("new", value)
    assert file_bytes(h5s.filename) == before
    assert h5s == {"x": {"keep": 1}, "y": 2}


def test_overwriting_replaces_the_value(h5s):
    h5s["x"] = {"a": 1}
    h5s["x"] = 2
    assert h5s["x"] == 2
    h5s["x"] = {"b": 1}
    assert h5s["x"] == {"b": 1}
    with h5s:
        h5s["x"] = np.zeros((2, 2))
        h5s["x"] = np.ones(3, dtype=np.int8)
        assert h5s["x"].dtype == np.int8
    assert list(h5s) == ["x"]


def test_assigning_a_group_copies_it(h5s, tmp_path):
    h5s["a"] = {"x": 1, "arr": np.arange(2)}
    h5s["b"] = h5s["a"]
    other = H5Store(str(tmp_path / "other.h5"))
    other["c"] = h5s["a"]
    other["all"] = h5s
    other.update(h5s)  # arrays of a closed store are read for the copy
    assert other["b"] == {"x": 1, "arr": [0, 1]}
    h5s["a"]["x"] = 2  # the copies are independent
    assert h5s["b"]["x"] == 1 and other["c"]["x"] == 1
    assert other["all"]["a"]["x"] == 1
    assert other["c"] == {"x": 1, "arr": [0, 1]}


def test_repr_filename_and_file(h5s, filename):
    assert repr(h5s) == f"H5Store(filename={os.path.relpath(filename)!r})"
    assert h5s.filename == filename
    assert H5Store(os.path.join(os.path.dirname(filename), "p.h5")).filename.endswith("p.h5")
    with pytest.raises(H5StoreClosedError, match="closed"):
        _ = h5s.file
    with h5s:
        assert isinstance(h5s.file, h5py.File)
        h5s.file.create_dataset("chunked", data=np.arange(10), chunks=(5,))
        h5s.flush()
        assert h5s["chunked"].chunks == (5,)
    h5s.flush()  # no-op when closed


def test_reading_arrays_needs_an_open_store(h5s):
    h5s["arr"] = np.arange(3)
    with pytest.raises(H5StoreClosedError, match=r"'arr' is an array.*with store"):
        h5s["arr"]
    with pytest.raises(H5StoreClosedError):
        _ = h5s.arr
    assert "arr" in h5s  # membership, len and iteration do not need it
    assert len(h5s) == 1
    h5s.open()
    try:
        np.testing.assert_array_equal(h5s.arr[()], [0, 1, 2])
    finally:
        h5s.close()


def test_open_close_and_context_manager(h5s):
    assert h5s.open() is h5s
    with pytest.raises(H5StoreAlreadyOpenError, match="already open"):
        h5s.open()
    with pytest.raises(OSError):  # it is an OSError, as h5py's errors are
        h5s.open(mode="r")
    h5s.close()
    h5s.close()  # closing twice is fine
    with h5s as same:
        assert same is h5s
        with pytest.raises(H5StoreAlreadyOpenError):
            h5s.open()
        with h5s:  # nested use of the same store keeps it open
            h5s["a"] = np.arange(2)
        assert h5s["a"].shape == (2,)  # still open
    with pytest.raises(H5StoreClosedError):
        _ = h5s.file
    with h5s.open(mode="r") as opened:  # the documented read-only idiom
        assert opened is h5s and h5s.file.mode == "r"
    with pytest.raises(H5StoreClosedError):
        _ = h5s.file
    assert issubclass(H5StoreClosedError, (H5StoreError, RuntimeError))
    assert issubclass(H5StoreAlreadyOpenError, (H5StoreError, OSError))


def test_open_with_invalid_mode(h5s):
    with pytest.raises(ValueError, match="Invalid H5Store mode"):
        h5s.open(mode="rw")
    with pytest.raises(ValueError, match="Invalid H5Store mode"):
        H5Store(h5s.filename, mode="q")


def test_read_only_mode_rejects_writes(h5s, file_bytes):
    h5s.update(a=1, g={"b": 2})
    with h5s:
        h5s["arr"] = np.arange(3)
    before = file_bytes(h5s.filename)
    writes = [
        lambda s: s.__setitem__("a", 2),
        lambda s: s.__setitem__("new", 2),
        lambda s: s.__delitem__("a"),
        lambda s: setattr(s, "a", 5),
        lambda s: s.update(a=3),
        lambda s: s.pop("a"),
        lambda s: s.popitem(),
        lambda s: s.clear(),
        lambda s: s.setdefault("new", 1),
        lambda s: s.g.__setitem__("b", 3),
        lambda s: s.g.clear(),
    ]
    with h5s.open(mode="r"):
        for write in writes:
            with pytest.raises(H5StoreReadOnlyError, match="read-only"):
                write(h5s)
        assert h5s["arr"][1] == 1
        assert h5s.setdefault("a", 5) == 1  # existing key: a read
        with pytest.raises(PermissionError):
            h5s["a"] = 2
    read_only = H5Store(h5s.filename, mode="r")  # default mode 'r': implicit opens too
    assert read_only.mode == "r"
    assert read_only["a"] == 1
    for write in writes:
        with pytest.raises(H5StoreReadOnlyError):
            write(read_only)
    assert file_bytes(h5s.filename) == before


def test_modes(filename):
    H5Store(filename)["a"] = 1
    assert H5Store(filename, mode="r+")["a"] == 1
    H5Store(filename, mode="r+")["b"] = 2
    fresh = H5Store(filename, mode="w")  # truncates on its first opening only
    fresh["c"] = 3
    fresh["d"] = 4
    assert dict(fresh) == {"c": 3, "d": 4}
    with pytest.raises(FileExistsError):
        H5Store(filename, mode="x").open()
    with pytest.raises(FileExistsError):
        H5Store(filename).open(mode="w-")
    other = filename + ".new.h5"
    with pytest.raises(FileNotFoundError):
        H5Store(other).open(mode="r")
    with pytest.raises(FileNotFoundError):
        H5Store(other, mode="r+")["a"] = 1
    with H5Store(other).open(mode="x") as h5s:
        h5s["a"] = 1
    assert H5Store(other)["a"] == 1


def test_reads_do_not_create_the_file(h5s):
    assert len(h5s) == 0 and list(h5s) == [] and "a" not in h5s and h5s.get("a") is None
    assert dict(h5s) == {} and h5s == {}
    h5s.clear()
    with pytest.raises(KeyError):
        del h5s["a"]
    assert h5s.pop("a", None) is None
    assert not os.path.exists(h5s.filename)


def test_pickle(h5s):
    h5s["a"] = 1
    h5s.open()
    try:
        clone = pickle.loads(pickle.dumps(h5s))
    finally:
        h5s.close()
    assert clone.filename == h5s.filename and clone["a"] == 1
    with pytest.raises(H5StoreClosedError):
        _ = clone.file


def test_kwargs_go_to_h5py(filename):
    with H5Store(filename, libver="latest", locking=False) as h5s:
        h5s["a"] = 1
        assert h5s.file.libver[0] in ("latest", "v114", "v200", "v112", "v110", "v118")


def test_threads_share_one_instance(h5s):
    errors = []

    def work(i):
        try:
            for j in range(10):
                h5s[f"t{i}_{j}"] = j
                assert h5s[f"t{i}_{j}"] == j
                if i % 2:
                    with h5s:
                        h5s[f"arr{i}_{j}"] = np.full(3, j)
                        assert h5s[f"arr{i}_{j}"][0] == j
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(h5s) == 40 + 20
