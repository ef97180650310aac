"""Conformance with the signac 1.7 documentation of H5Store and H5StoreManager.

Sections 1.3.6 "The H5Store" and 1.3.7 "The H5StoreManager" of the signac 1.7
API reference, plus the changelog entries about them. Each documented
signature is asserted (parameter names, order, defaults), each documented
example is run (in a temporary directory), and each documented return value
or exception is checked. Behaviour covered in depth elsewhere (types, modes,
locking, pandas) is only exercised here in the spec's own words.
"""

import inspect
import os

import h5py
import numpy as np
import pytest

from signac_h5store import DictManager, H5Group, H5Store, H5StoreManager
from signac_h5store.errors import H5StoreClosedError

P = inspect.Parameter
REQUIRED = P.empty

# name -> the documented parameters (name, default, kind), without self.
# The documentation prints the inherited mapping methods with the dict
# docstring notation (``get(k, d)``, ``pop(k[, d])``, ``update([E], **F)``);
# their names are those of ``collections.abc.MutableMapping``.
H5STORE_SIGNATURES = {
    "__init__": [
        ("filename", REQUIRED, P.POSITIONAL_OR_KEYWORD),
        ("kwargs", REQUIRED, P.VAR_KEYWORD),
    ],
    "clear": [],
    "close": [],
    "flush": [],
    "get": [("key", REQUIRED, P.POSITIONAL_OR_KEYWORD), ("default", None, P.POSITIONAL_OR_KEYWORD)],
    "items": [],
    "keys": [],
    "open": [("mode", None, P.POSITIONAL_OR_KEYWORD)],
    "popitem": [],
    # documented: setdefault(key, value); ours defaults value to None like dict.setdefault
    "setdefault": [
        ("key", REQUIRED, P.POSITIONAL_OR_KEYWORD),
        ("value", None, P.POSITIONAL_OR_KEYWORD),
    ],
    "update": [("other", (), P.POSITIONAL_ONLY), ("kwargs", REQUIRED, P.VAR_KEYWORD)],
    "values": [],
}


def _params(func):
    params = list(inspect.signature(func).parameters.values())
    if params and params[0].name == "self":
        params = params[1:]
    return [(p.name, p.default, p.kind) for p in params]


@pytest.mark.parametrize("name", sorted(H5STORE_SIGNATURES))
def test_h5store_signature(name):
    func = getattr(H5Store, name)
    assert _params(func) == H5STORE_SIGNATURES[name]
    assert inspect.getdoc(func), f"H5Store.{name} has no docstring"


def test_h5store_pop_signature():
    """pop(k[, d]): the default is optional, and its absence is not None."""
    (key, default) = list(inspect.signature(H5Store.pop).parameters.values())[1:]
    assert key.name == "key" and key.default is REQUIRED
    assert default.name == "default" and default.default is not REQUIRED
    assert default.default is not None


@pytest.mark.parametrize("name", ["file", "filename", "mode"])
def test_h5store_properties(name):
    prop = inspect.getattr_static(H5Store, name)
    assert isinstance(prop, property) and prop.fget.__doc__


def test_h5store_is_a_mutable_mapping():
    from collections.abc import MutableMapping

    assert issubclass(H5Store, MutableMapping)


def test_h5store_manager_signature():
    assert issubclass(H5StoreManager, DictManager)
    assert _params(H5StoreManager.__init__) == [("prefix", REQUIRED, P.POSITIONAL_OR_KEYWORD)]
    assert H5StoreManager.cls is H5Store  # "cls: alias of H5Store"
    assert _params(H5StoreManager.keys) == []
    assert inspect.getdoc(H5StoreManager.keys)
    assert isinstance(inspect.getattr_static(H5StoreManager, "prefix"), property)


# -- H5Store ------------------------------------------------------------------------


def test_h5store_examples(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with H5Store("file.h5") as h5s:
        h5s["foo"] = "bar"
        assert "foo" in h5s
        assert h5s.foo == "bar"
        assert h5s["foo"] == "bar"
    # "To open a file in read-only mode, use the open() method with mode='r'"
    with H5Store("file.h5").open(mode="r") as h5s:
        assert h5s.foo == "bar"
        assert h5s.file.mode == "r"


def test_builtin_types_without_opening_arrays_only_when_open(tmp_path):
    h5s = H5Store(str(tmp_path / "file.h5"))
    values = {"i": 1, "f": 1.5, "s": "x", "b": True, "n": None, "d": {"a": 1, "b": {"c": "d"}}}
    for key, value in values.items():
        h5s[key] = value  # no need to open the file explicitly
    for key, value in values.items():
        assert h5s[key] == value and type(h5s[key]) is type(value) or key == "d"
    assert isinstance(h5s.d, H5Group) and h5s.d == values["d"]
    h5s["arr"] = [1, 2, 3]
    with pytest.raises(H5StoreClosedError):
        h5s["arr"]  # "To access arrays (reading or writing), the file must always be opened!"
    with h5s:
        h5s["np"] = np.arange(4)
        np.testing.assert_array_equal(h5s["arr"][()], [1, 2, 3])
        np.testing.assert_array_equal(h5s.np[()], [0, 1, 2, 3])


def test_pandas_frames(tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("tables")
    h5s = H5Store(str(tmp_path / "file.h5"))
    frame = pd.DataFrame({"a": [1, 2], "b": [0.5, 1.5]})
    h5s["df"] = frame
    pd.testing.assert_frame_equal(h5s["df"], frame)


def test_kwargs_are_forwarded_to_h5py(tmp_path):
    fn = str(tmp_path / "file.h5")
    with H5Store(fn, libver="latest") as h5s:
        assert h5s.file.libver[0] != "earliest"
    with pytest.raises(TypeError):
        H5Store(fn, no_such_h5py_argument=1).open()


def test_clear_and_close(tmp_path):
    h5s = H5Store(str(tmp_path / "file.h5"))
    h5s.update(a=1, b={"c": 2})
    h5s.clear()
    assert len(h5s) == 0 and dict(h5s) == {}
    h5s.open()
    h5s.close()
    h5s.close()  # closing a closed store is fine
    with pytest.raises(H5StoreClosedError):
        _ = h5s.file


def test_file_property(tmp_path):
    fn = str(tmp_path / "file.h5")
    h5s = H5Store(fn)
    with pytest.raises(H5StoreClosedError):
        _ = h5s.file
    with h5s:
        assert isinstance(h5s.file, h5py.File)
        h5s.file.create_dataset("chunked", data=np.arange(10), chunks=(5,))
        h5s.file.require_dataset("req", shape=(2,), dtype="f8")
        assert h5s.chunked.chunks == (5,)
        assert h5s["req"].shape == (2,)


def test_filename_mode_open_flush(tmp_path):
    fn = str(tmp_path / "file.h5")
    h5s = H5Store(fn)
    assert h5s.filename == fn
    assert h5s.mode == "a"
    assert H5Store(fn, mode="r").mode == "r"
    assert h5s.open() is h5s  # "Returns: This H5Store instance."
    assert h5s.file.mode == "r+"  # 'a' (append): read/write
    h5s["x"] = 1
    h5s.flush()
    h5s.close()
    with h5s.open(mode="r"):
        assert h5s.x == 1


def test_mapping_methods_as_documented(tmp_path):
    h5s = H5Store(str(tmp_path / "file.h5"))
    # get(k, d) -> D[k] if k in D, else d. d defaults to None.
    assert h5s.get("a") is None and h5s.get("a", 5) == 5
    # update([E], **F): E with keys(), E as pairs, then F
    h5s.update({"a": 1})
    h5s.update([("b", 2)], c=3)
    assert dict(h5s) == {"a": 1, "b": 2, "c": 3}
    assert h5s.get("a") == 1
    # keys(), items(), values(): set-like views / a view
    assert set(h5s.keys()) == {"a", "b", "c"}
    assert set(h5s.items()) == {("a", 1), ("b", 2), ("c", 3)}
    assert sorted(h5s.values()) == [1, 2, 3]
    # pop(k[, d]) -> v; KeyError if missing and no d
    assert h5s.pop("a") == 1 and "a" not in h5s
    assert h5s.pop("a", "d") == "d"
    with pytest.raises(KeyError):
        h5s.pop("a")
    # popitem() -> (k, v); KeyError if empty
    k, v = h5s.popitem()
    assert (k, v) in {("b", 2), ("c", 3)} and k not in h5s
    h5s.popitem()
    with pytest.raises(KeyError):
        h5s.popitem()
    # setdefault(key, value): set if not set; returns the stored value
    assert h5s.setdefault("s", 1) == 1
    assert h5s.setdefault("s", 2) == 1


def test_setdefault_with_a_dict_returns_a_group(tmp_path):
    """1.0.0: passing a dict to H5Store.setdefault() returns an H5Group (#180)."""
    h5s = H5Store(str(tmp_path / "file.h5"))
    group = h5s.setdefault("g", {"a": 1})
    assert isinstance(group, H5Group) and group == {"a": 1}
    group.b = 2
    assert h5s.g == {"a": 1, "b": 2}


# -- H5StoreManager -------------------------------------------------------------


def test_h5store_manager_example(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkdir("stores")
    stores = H5StoreManager("stores/")
    # The documentation shows <H5Store(filename=stores/data.h5)>; signac 1.7 itself
    # returns a repr that evaluates to an equal store (issue 10, fact 10).
    assert repr(stores.data) == "H5Store(filename='stores/data.h5')"
    stores.data.foo = True
    assert dict(stores.data) == {"foo": True}
    assert stores.prefix == "stores/"
    assert list(stores.keys()) == ["data"]
    assert isinstance(stores["data"], stores.cls)


def test_dict_manager_detects_only_its_files(tmp_path):
    """1.0.0: correct detection of dict-like files managed by DictManager (#203)."""
    stores = H5StoreManager(str(tmp_path))
    for name in ("a.h5", "bh5", "c.h5x", "d.h5.bak", "e.txt"):
        (tmp_path / name).write_bytes(b"")
    assert list(stores.keys()) == ["a"]


def test_separate_manager_instances_share_data(tmp_path):
    """1.2.0: project.data access from separate instances of H5StoreManager (#274)."""
    one, two = H5StoreManager(str(tmp_path)), H5StoreManager(str(tmp_path))
    with one.data:
        one.data["x"] = np.arange(3)
        np.testing.assert_array_equal(two.data["x"][()], [0, 1, 2])
    assert "x" in two.data and two.data is one.data
