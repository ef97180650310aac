"""H5StoreManager: a directory of stores, one <name>.h5 per key."""

import os
import pickle

import numpy as np
import pytest

from signac_h5store import DictManager, H5Store, H5StoreAlreadyOpenError, H5StoreManager


def test_docstring_example(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkdir("stores")
    stores = H5StoreManager("stores/")
    assert repr(stores.data) == "H5Store(filename='stores/data.h5')"
    stores.data.foo = True
    assert dict(stores.data) == {"foo": True}


def test_item_and_attribute_access(stores, tmp_path):
    assert stores.prefix == str(tmp_path)
    assert stores.cls is H5Store and stores.suffix == ".h5"
    assert isinstance(stores, DictManager)
    assert stores["data"] is stores.data  # one instance per key
    assert stores.data.filename == os.path.join(str(tmp_path), "data.h5")
    assert "data" not in stores and len(stores) == 0  # no file yet
    stores.data["x"] = 1
    stores["other"]["y"] = 2
    assert "data" in stores and "other" in stores and "nope" not in stores
    assert stores.keys() == ["data", "other"]
    assert list(stores) == ["data", "other"] and len(stores) == 2
    assert os.path.isfile(tmp_path / "data.h5")
    assert repr(stores) == f"H5StoreManager(prefix={os.path.relpath(tmp_path)!r})"


def test_only_h5_files_are_keys(stores, tmp_path):
    for name in ("a.h5", "b.h5.bak", "c.txt", ".h5", "d_h5"):
        (tmp_path / name).write_bytes(b"")
    os.mkdir(tmp_path / "dir.h5")
    assert stores.keys() == ["a"]


def test_set_replaces_content(stores, file_bytes):
    stores["s"] = {"a": 1, "g": {"b": np.arange(2)}}
    assert stores.s.a == 1
    stores.s = {"c": 2}
    assert dict(stores.s) == {"c": 2}
    before = file_bytes(stores.s.filename)
    with pytest.raises(TypeError):
        stores["s"] = {"ok": 1, "bad": object()}
    with pytest.raises(TypeError):
        stores["s"] = [1, 2]
    assert file_bytes(stores.s.filename) == before
    stores["copy"] = stores["s"]
    assert stores.copy == {"c": 2}


def test_delete(stores, tmp_path):
    stores.a.x = 1
    stores.b.x = 1
    del stores["a"]
    del stores.b
    assert not (tmp_path / "a.h5").exists() and len(stores) == 0
    with pytest.raises(KeyError):
        del stores["a"]
    with pytest.raises(AttributeError):
        del stores.a
    stores.c.x = 1
    with stores.c:
        with pytest.raises(H5StoreAlreadyOpenError, match="is open"):
            del stores["c"]
    assert "c" in stores


@pytest.mark.parametrize("key", ["", "a/b", os.sep + "x", "a\x00"])
def test_invalid_names(stores, key):
    with pytest.raises(ValueError, match="Invalid H5StoreManager key"):
        stores[key]
    with pytest.raises(ValueError):
        stores[key] = {"a": 1}
    with pytest.raises(ValueError):
        del stores[key]
    assert key not in stores


def test_non_str_names(stores):
    with pytest.raises(TypeError):
        stores[1]
    assert 1 not in stores


def test_missing_prefix_is_empty(tmp_path):
    stores = H5StoreManager(tmp_path / "missing")
    assert stores.keys() == [] and len(stores) == 0 and "a" not in stores


def test_class_attributes_are_protected(stores):
    with pytest.raises(AttributeError, match="attribute of H5StoreManager"):
        stores.prefix = "/elsewhere"
    with pytest.raises(AttributeError):
        _ = stores._missing


def test_equality_and_pickle(stores, tmp_path):
    same = H5StoreManager(str(tmp_path) + os.sep)
    assert stores == same and hash(stores) == hash(same)
    assert stores != H5StoreManager(tmp_path / "sub")
    stores.a.x = 1
    clone = pickle.loads(pickle.dumps(stores))
    assert clone == stores and clone.a.x == 1


def test_separate_managers_see_the_same_data(stores, tmp_path):
    other = H5StoreManager(tmp_path)
    stores.data.x = 1
    assert other.data.x == 1
    assert other.data is stores.data  # one instance per file in the process
    with stores.data:
        stores.data["arr"] = np.arange(3)
        assert other.data["arr"][2] == 2  # open through either manager
    with other.data:
        assert stores.data["arr"][1] == 1
    other.data.y = 2
    assert stores.data.y == 2
