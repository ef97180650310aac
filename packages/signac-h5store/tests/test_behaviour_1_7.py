"""Observed behaviour of signac 1.7's H5Store, H5Group and H5StoreManager (issue 10, facts 8-12)."""

import array
import os
import pathlib

import h5py
import numpy as np
import pytest
import synced_collections.errors

from signac_h5store import H5Group, H5Store, H5StoreAlreadyOpenError, H5StoreManager
from signac_h5store.errors import InvalidKeyError

# typecode -> (numpy kind, signed) for the numeric typecodes of array.array
_KINDS = {**dict.fromkeys("bhilq", "i"), **dict.fromkeys("BHILQ", "u"), "f": "f", "d": "f"}
NUMERIC_TYPECODES = sorted(set(array.typecodes) & set(_KINDS))


def _listing(path):
    """Names and bytes of every file in ``path`` (to check that nothing changed)."""
    return {entry.name: entry.read_bytes() for entry in sorted(pathlib.Path(path).iterdir())}


# -- fact 8: array.array is stored as a dataset of the matching dtype -------------------------


@pytest.mark.parametrize("typecode", NUMERIC_TYPECODES)
def test_array_array_is_a_dataset_of_its_dtype(h5s, typecode):
    values = array.array(typecode, [1, 2, 3])
    expected = np.dtype(f"{_KINDS[typecode]}{values.itemsize}")
    h5s["top"] = values
    h5s["g"] = {"nested": values}
    h5s.update(upd=values)
    with h5s:
        for key in ("top", "g/nested", "upd"):
            dataset = h5s[key]
            assert isinstance(dataset, h5py.Dataset)
            assert dataset.dtype == expected and dataset.shape == (3,)
            assert dataset[()].tolist() == [1, 2, 3]


def test_empty_array_array(h5s):
    h5s["e"] = array.array("d")
    with h5s:
        assert h5s["e"].shape == (0,) and h5s["e"].dtype == np.float64


def test_unicode_array_array_is_rejected(h5s, filename, file_bytes):
    h5s["keep"] = 1
    before = file_bytes(filename)
    with pytest.raises(TypeError, match="unicode"):
        h5s["u"] = array.array("u", "abc")
    assert file_bytes(filename) == before


# -- fact 9: the filename must be a non-empty str --------------------------------------------


@pytest.mark.parametrize(
    "bad", [None, "", 123, pathlib.Path("x.h5"), pathlib.PurePosixPath("x.h5"), b"x.h5"]
)
def test_filename_must_be_a_non_empty_str(bad, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="non-empty str"):
        H5Store(bad)
    assert list(tmp_path.iterdir()) == []


# -- fact 10: reprs that evaluate ---------------------------------------------------------


def test_store_repr_is_relative_to_the_cwd_and_evaluates(tmp_path, monkeypatch):
    (tmp_path / "sub" / "a").mkdir(parents=True)
    (tmp_path / "elsewhere" / "deep").mkdir(parents=True)
    os.symlink(tmp_path / "elsewhere" / "deep", tmp_path / "sub" / "link")
    monkeypatch.chdir(tmp_path / "sub")
    for given, shown in [
        ("data.h5", "data.h5"),
        (str(tmp_path / "sub" / "x.h5"), "x.h5"),
        (str(tmp_path / "y.h5"), os.path.join("..", "y.h5")),
        ("./a/../z.h5", "z.h5"),
        ("link/../w.h5", os.path.join("..", "elsewhere", "w.h5")),  # the same file
    ]:
        h5s = H5Store(given)
        assert repr(h5s) == f"H5Store(filename={shown!r})"
        assert str(h5s) == os.path.basename(given)
        h5s["v"] = 1
        clone = eval(repr(h5s))
        assert type(clone) is H5Store and clone == h5s and clone["v"] == 1


def test_group_repr_evaluates_and_carries_store_and_path(h5s):
    h5s["grp"] = {"a": 1, "sub": {"b": 2}}
    group, sub = h5s["grp"], h5s.grp.sub
    assert group._store is h5s and group._path == "/grp"
    assert sub._store is h5s and sub._path == "/grp/sub"
    assert repr(group) == f"H5Group(store={h5s!r}, path='/grp')"
    assert repr(sub) == f"H5Group(store={h5s!r}, path='/grp/sub')"
    for obj in (group, sub):
        clone = eval(repr(obj), {"H5Group": H5Group, "H5Store": H5Store})
        assert type(clone) is H5Group and clone == obj and clone._path == obj._path


def test_reprs_use_the_class_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    class MyStore(H5Store):
        pass

    class MyManager(H5StoreManager):
        pass

    assert repr(MyStore("m.h5")) == "MyStore(filename='m.h5')"
    assert repr(MyManager("stores/")) == "MyManager(prefix='stores')"


def test_manager_repr_uses_its_relative_prefix(tmp_path, monkeypatch):
    (tmp_path / "stores").mkdir()
    monkeypatch.chdir(tmp_path)
    relative = H5StoreManager("stores/")
    absolute = H5StoreManager(str(tmp_path / "stores"))
    assert repr(relative) == repr(absolute) == "H5StoreManager(prefix='stores')"
    assert eval(repr(absolute)) == absolute
    assert repr(relative.data) == "H5Store(filename='stores/data.h5')"


# -- fact 11: dotted keys raise signac.errors.InvalidKeyError ----------------------------------


def test_invalid_key_error_is_the_shared_class():
    assert InvalidKeyError is synced_collections.errors.InvalidKeyError
    assert issubclass(InvalidKeyError, ValueError)


DOTTED_WRITES = {
    "store item": lambda h5s: h5s.__setitem__("a.b", 1),
    "store attribute": lambda h5s: setattr(h5s, "a.b", 1),
    "store path key": lambda h5s: h5s.__setitem__("g/a.b", 1),
    "store setdefault": lambda h5s: h5s.setdefault("a.b", 1),
    "store update": lambda h5s: h5s.update({"ok": 2, "a.b": 1}),
    "store update pairs": lambda h5s: h5s.update([("ok", 2), ("a.b", 1)]),
    "store update kwargs": lambda h5s: h5s.update(**{"a.b": 1}),
    "group item": lambda h5s: h5s.g.__setitem__("a.b", 1),
    "group attribute": lambda h5s: setattr(h5s.g, "a.b", 1),
    "group setdefault": lambda h5s: h5s.g.setdefault("a.b", {}),
    "group update": lambda h5s: h5s.g.update({"a.b": 1}),
    "dot alone": lambda h5s: h5s.__setitem__(".", 1),
}


@pytest.mark.parametrize("name", sorted(DOTTED_WRITES))
def test_dotted_keys_are_invalid(h5s, filename, file_bytes, name):
    h5s["g"] = {"x": 1}
    before = file_bytes(filename)
    with pytest.raises(InvalidKeyError, match=r"dots"):
        DOTTED_WRITES[name](h5s)
    assert file_bytes(filename) == before


def test_keys_inside_an_assigned_mapping_are_not_checked(h5s, stores):
    h5s["g"] = {"a.b": 1, "sub": {"c.d": {"e.f": 2}}}
    h5s.update({"h": {"x.y": 3}})
    assert h5s["g"] == {"a.b": 1, "sub": {"c.d": {"e.f": 2}}}
    assert h5s.g["a.b"] == 1 and h5s["g/sub/c.d/e.f"] == 2 and h5s.h["x.y"] == 3
    stores["s"] = {"g": {"a.b": 1}}
    assert stores.s.g["a.b"] == 1


def test_dotted_names_written_by_other_tools_can_be_read(h5s, filename):
    with h5py.File(filename, "w") as file:
        file["a.b"] = 1
    assert h5s["a.b"] == 1 and "a.b" in h5s and list(h5s) == ["a.b"]
    assert h5s.setdefault("a.b", 2) == 1  # exists: nothing is written
    del h5s["a.b"]
    assert "a.b" not in h5s


def test_dotted_manager_keys_are_invalid(stores, tmp_path):
    stores["ok"] = {"x": 1}
    before = _listing(tmp_path)
    for action in (
        lambda: stores["a.b"],
        lambda: stores.__setitem__("a.b", {"x": 1}),
        lambda: setattr(stores, "a.b", {"x": 1}),
        lambda: getattr(stores, "a.b"),
        lambda: stores.__delitem__("a.b"),
        lambda: stores.__setitem__("ok", {"a.b": 1}),  # a key of the store itself
    ):
        with pytest.raises(InvalidKeyError):
            action()
    assert "a.b" not in stores
    assert _listing(tmp_path) == before


# -- fact 12: H5StoreManager[key] = value consumes value like dict.update ------------------


class _KeysOnly:
    """Not a Mapping, but has keys(): dict.update reads it by key."""

    def keys(self):
        return ["k"]

    def __getitem__(self, key):
        return key * 2


ACCEPTED = {
    "dict": ({"a": 1, "b": {"c": 2}}, {"a": 1, "b": {"c": 2}}),
    "list of pairs": ([("a", 1), ["b", 2]], {"a": 1, "b": 2}),
    "generator of pairs": (((k, i) for i, k in enumerate("xy")), {"x": 0, "y": 1}),
    "repeated key, last wins": ([("a", 1), ("a", 2)], {"a": 2}),
    "two-character str as a pair": (["ab"], {"a": "b"}),
    "object with keys()": (_KeysOnly(), {"k": "kk"}),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_manager_assignment_accepts_what_dict_update_accepts(stores, tmp_path, name):
    value, expected = ACCEPTED[name]
    stores["s"] = {"old": 1}
    stores["s"] = value
    assert stores.s == expected
    assert sorted(os.listdir(tmp_path)) == ["s.h5"]  # no temporary file left


def test_manager_assignment_copies_a_store(stores):
    stores["a"] = {"x": 1, "g": {"y": 2}}
    with stores.a:
        stores.a["arr"] = np.arange(3)
    stores["b"] = stores["a"]
    stores["a"] = stores["a"]  # replacing a store by itself keeps its content
    for key in ("a", "b"):
        with stores[key] as store:
            assert store["x"] == 1 and store["g"] == {"y": 2}
            assert store["arr"][()].tolist() == [0, 1, 2]


REJECTED = {
    "empty str": ("", ValueError, "empty value"),
    "empty list": ([], ValueError, "empty value"),
    "empty dict": ({}, ValueError, "empty value"),
    "empty iterator": (iter(()), ValueError, "empty value"),
    "True": (True, TypeError, "not iterable"),
    "0": (0, TypeError, "not iterable"),
    "None": (None, TypeError, "not iterable"),
    "abc": ("abc", ValueError, "length 1; 2 is required"),
    "x": ("x", ValueError, "length 1; 2 is required"),
    "list of ints": ([1, 2], TypeError, "sequence"),
    "unstorable value": ({"ok": 1, "bad": object()}, TypeError, "cannot store"),
    "non-str key": ({1: 2}, TypeError, "must be str"),
}


@pytest.mark.parametrize("exists", [True, False], ids=["existing", "new"])
@pytest.mark.parametrize("name", sorted(REJECTED))
def test_manager_assignment_errors_change_nothing(stores, tmp_path, name, exists):
    value, error, match = REJECTED[name]
    stores["other"] = {"y": 2}
    if exists:
        stores["s"] = {"x": 1}
    before = _listing(tmp_path)
    with pytest.raises(error, match=match):
        stores["s"] = value
    assert _listing(tmp_path) == before
    assert ("s" in stores) is exists


def test_manager_assignment_error_in_the_rename_changes_nothing(stores, tmp_path, monkeypatch):
    stores["s"] = {"x": 1}
    before = _listing(tmp_path)

    def refuse(src, dst):
        raise PermissionError(f"refused: {src} -> {dst}")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError, match="refused"):
        stores["s"] = {"y": 2}
    monkeypatch.undo()
    assert _listing(tmp_path) == before and stores.s == {"x": 1}


def test_manager_assignment_replaces_the_file(stores, tmp_path):
    stores["s"] = {"x": 1, "g": {"y": 2}}
    inode = os.stat(tmp_path / "s.h5").st_ino
    stores["s"] = {"z": 3}
    assert stores.s == {"z": 3}
    assert os.stat(tmp_path / "s.h5").st_ino != inode  # a new file, renamed into place


def test_manager_assignment_refuses_an_open_store(stores, tmp_path):
    stores["s"] = {"x": 1}
    other = H5StoreManager(str(tmp_path))  # the same instance, through another manager
    with stores.s:
        before = _listing(tmp_path)
        with pytest.raises(H5StoreAlreadyOpenError, match="is open"):
            other["s"] = {"y": 2}
        assert _listing(tmp_path) == before
    other["s"] = {"y": 2}
    assert stores.s == {"y": 2}


def test_update_with_nothing_does_not_create_the_file(h5s, filename):
    h5s.update({})
    h5s.update([])
    h5s.update("")
    assert not os.path.exists(filename)


@pytest.mark.parametrize(
    "value, error", [(0, TypeError), (None, TypeError), ("abc", ValueError), ([1], TypeError)]
)
def test_update_raises_what_dict_update_raises(h5s, filename, value, error):
    with pytest.raises(error):
        dict().update(value)
    with pytest.raises(error):
        h5s.update(value)
    assert not os.path.exists(filename)
