"""The contract suite, stateful tests and on-disk layouts of the Zarr backend (zarr 2 and 3)."""

import pathlib
import shutil

import pytest
from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test

zarr = pytest.importorskip("zarr")
numcodecs = pytest.importorskip("numcodecs")

from synced_collections.backends.collection_zarr import (  # noqa: E402
    CODEC_ATTRIBUTE,
    ZarrDict,
    ZarrList,
)
from synced_collections.testing import (  # noqa: E402
    SyncedDictTest,
    SyncedListTest,
    make_dict_state_machine,
    make_list_state_machine,
)

ZARR_MAJOR = int(zarr.__version__.split(".")[0])
DATA = pathlib.Path(__file__).parent / "data"
EXPECTED_DICT = {"a": [1, 2.5, "x"], "b": {"c": None, "d": True}}
EXPECTED_LIST = [1, {"e": "f"}]
# zarr 3 rewrites metadata through an event loop on every save: keep runs short.
ZARR_SETTINGS = settings(max_examples=8, stateful_step_count=10, deadline=None)


def open_group(path, mode="a"):
    if ZARR_MAJOR >= 3:
        return zarr.open_group(str(path), mode=mode, zarr_format=2)
    return zarr.open_group(str(path), mode=mode)


class ZarrMixin:
    collection_type: type
    pickleable = False

    @pytest.fixture
    def synced_collection(self):
        return self.collection_type(zarr.group(), "test")

    def reopen(self, collection):
        return type(collection._top)(collection.group, collection.name, codec=collection.codec)

    def construct(self, collection, data):
        return type(collection._top)(
            collection.group, collection.name, codec=collection.codec, data=data
        )


class TestZarrDict(ZarrMixin, SyncedDictTest):
    collection_type = ZarrDict


class TestZarrList(ZarrMixin, SyncedListTest):
    collection_type = ZarrList


class TestZarrDictOnDisk(ZarrMixin, SyncedDictTest):
    collection_type = ZarrDict
    pickleable = True

    @pytest.fixture
    def synced_collection(self, tmp_path):
        return self.collection_type(open_group(tmp_path / "group"), "test")


def test_default_codec_is_json():
    doc = ZarrDict(zarr.group(), "doc")
    assert isinstance(doc.codec, numcodecs.JSON)
    with pytest.raises(ValueError):
        ZarrDict()


def test_other_codec(tmp_path):
    codec = numcodecs.JSON(sort_keys=False)
    group = open_group(tmp_path / "g")
    doc = ZarrDict(group, "doc", codec=codec)
    doc["b"] = [1, {"z": "c", "a": 1}]
    doc["a"] = 1
    reopened = ZarrDict(open_group(tmp_path / "g"), "doc")  # the codec is found in the metadata
    assert list(reopened) == ["b", "a"]
    assert list(reopened["b"][1]) == ["z", "a"]


def test_layout_of_this_zarr_version(tmp_path):
    group = open_group(tmp_path / "g")
    ZarrDict(group, "doc")["a"] = 1
    array_metadata = (tmp_path / "g" / "doc" / ".zarray").read_text()
    if ZARR_MAJOR >= 3:
        assert '"uint8"' in array_metadata or "|u1" in array_metadata
        assert group["doc"].attrs[CODEC_ATTRIBUTE]["id"] == "json2"
    else:  # exactly signac 1.7: a 1-element object array with the JSON object codec
        assert '"|O"' in array_metadata and "json2" in array_metadata
        assert group["doc"].shape == (1,)
        assert group["doc"][0] == {"a": 1}


@pytest.mark.parametrize("layout", ["zarr2_signac17_layout", "zarr3_layout"])
def test_reads_both_layouts(tmp_path, layout):
    shutil.copytree(DATA / layout, tmp_path / layout)
    group = open_group(tmp_path / layout)
    assert ZarrDict(group, "doc")() == EXPECTED_DICT
    assert ZarrList(group, "list")() == EXPECTED_LIST
    doc = ZarrDict(group, "doc")
    doc["new"] = 1  # rewritten in this version's layout, still readable
    assert ZarrDict(open_group(tmp_path / layout), "doc")() == {**EXPECTED_DICT, "new": 1}


def test_missing_array_reads_empty():
    assert ZarrDict(zarr.group(), "missing")() == {}
    assert ZarrList(zarr.group(), "missing")() == []


def test_zarr_stateful():
    def factory():
        return ZarrDict(zarr.group(), "doc")

    def reopen(collection):
        return ZarrDict(collection.group, collection.name)

    run_state_machine_as_test(make_dict_state_machine(factory, reopen), settings=ZARR_SETTINGS)

    def list_factory():
        return ZarrList(zarr.group(), "doc")

    def list_reopen(collection):
        return ZarrList(collection.group, collection.name)

    run_state_machine_as_test(
        make_list_state_machine(list_factory, list_reopen), settings=ZARR_SETTINGS
    )


def test_reads_signac17_layout_in_a_subgroup(tmp_path):
    shutil.copytree(DATA / "zarr2_signac17_layout", tmp_path / "g")
    group = open_group(tmp_path / "g")
    assert ZarrDict(group["sub"], "doc")() == {"nested": {"group": True}}
    assert ZarrDict(open_group(tmp_path / "g" / "sub"), "doc")() == {"nested": {"group": True}}
