"""Every supported type round-trips with its type, dtype and shape."""

import h5py
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signac_h5store import H5Group, H5Store

PYTHON_SCALARS = {
    "int": 42,
    "negative_int": -(2**63),
    "big_int": 2**64 - 1,
    "float": 3.25,
    "nan": float("nan"),
    "complex": 1 - 2j,
    "str": "hello wörld ☃",
    "empty_str": "",
    "true": True,
    "false": False,
    "none": None,
    "bytes": b"\xff\x01abc",
    "empty_bytes": b"",
    "bytes_with_nul": b"a\x00b\x00",
}


def same(a, b):
    if isinstance(b, float) and b != b:
        return isinstance(a, float) and a != a
    return a == b and type(a) is type(b)


@pytest.mark.parametrize("name", sorted(PYTHON_SCALARS))
def test_python_scalars_round_trip_without_opening(h5s, name):
    value = PYTHON_SCALARS[name]
    h5s[name] = value
    expected = int(value) if name == "big_int" else value
    assert same(h5s[name], expected)
    assert same(H5Store(h5s.filename)[name], expected)  # from the file, another instance
    with h5s:
        assert same(h5s[name], expected)


@pytest.mark.parametrize(
    "value",
    [
        np.int8(-3),
        np.int16(7),
        np.int32(-9),
        np.int64(10),
        np.uint8(200),
        np.uint64(2**64 - 1),
        np.float16(1.5),
        np.float32(2.5),
        np.float64(0.125),
        np.complex64(1 + 1j),
        np.complex128(2 - 1j),
        np.bool_(True),
    ],
    ids=lambda v: type(v).__name__,
)
def test_numpy_scalars_keep_their_dtype(h5s, value):
    h5s["x"] = value
    result = h5s["x"]
    assert type(result) is type(value)
    assert result.dtype == value.dtype
    assert result == value


def test_numpy_str_and_bytes_scalars(h5s):
    h5s["s"] = np.str_("abc")
    h5s["b"] = np.bytes_(b"xyz")
    assert h5s["s"] == "abc" and type(h5s["s"]) is str
    assert h5s["b"] == b"xyz" and type(h5s["b"]) is bytes


ARRAYS = {
    "float64_2d": np.arange(12, dtype=float).reshape(3, 4),
    "float32": np.linspace(0, 1, 7, dtype=np.float32),
    "int8_3d": np.arange(24, dtype=np.int8).reshape(2, 3, 4),
    "uint16": np.array([1, 2, 65535], dtype=np.uint16),
    "complex64": np.array([1 + 2j, 3 - 4j], dtype=np.complex64),
    "bool": np.array([True, False, True]),
    "empty": np.zeros((0, 3)),
    "bytes": np.array([b"ab", b"c"]),
    "big_endian": np.arange(4, dtype=">i4"),
    "structured": np.array([(1, 2.5), (3, 4.5)], dtype=[("a", "i4"), ("b", "f8")]),
    "fortran_order": np.asfortranarray(np.arange(6.0).reshape(2, 3)),
    "noncontiguous": np.arange(20.0)[::3],
}


@pytest.mark.parametrize("name", sorted(ARRAYS))
def test_arrays_round_trip_with_dtype_and_shape(h5s, name):
    array = ARRAYS[name]
    with h5s:
        h5s[name] = array
        dataset = h5s[name]
        assert isinstance(dataset, h5py.Dataset)
        result = dataset[()]
    assert result.shape == array.shape
    assert result.dtype == array.dtype
    np.testing.assert_array_equal(result, array)


def test_array_written_without_opening(h5s):
    h5s["a"] = np.arange(3)  # writing works closed, as in signac 1.7
    with h5s:
        np.testing.assert_array_equal(h5s["a"][:], [0, 1, 2])


@pytest.mark.parametrize(
    "value, dtype",
    [
        ([1, 2, 3], np.int64),
        ((1.5, 2), np.float64),
        ([[1, 2], [3, 4]], np.int64),
        ([True, False], np.bool_),
        ([1j, 2], np.complex128),
        ([], np.float64),
    ],
)
def test_lists_and_tuples_of_numbers_are_arrays(h5s, value, dtype):
    with h5s:
        h5s["x"] = value
        result = h5s["x"][()]
    assert result.dtype == dtype
    assert result.shape == np.asarray(value).shape
    np.testing.assert_array_equal(result, np.asarray(value))


def test_dataset_assigned_from_another_store_is_copied(h5s, tmp_path):
    other = H5Store(str(tmp_path / "other.h5"))
    with other, h5s:
        other["a"] = np.arange(4.0)
        h5s["copy"] = other["a"]
        np.testing.assert_array_equal(h5s["copy"][()], np.arange(4.0))


def test_nested_mappings_are_groups(h5s):
    h5s["g"] = {"a": 1, "b": {"c": "x", "d": [1.0, 2.0]}, "e": {}}
    group = h5s["g"]
    assert isinstance(group, H5Group)
    assert isinstance(group["b"], H5Group)
    assert group["b"]["c"] == "x"
    assert h5s["g/b/c"] == "x"
    assert dict(group["e"]) == {}
    with h5s:
        assert h5s["g"] == {"a": 1, "b": {"c": "x", "d": np.array([1.0, 2.0])}, "e": {}}
        np.testing.assert_array_equal(h5s["g"]["b"]["d"][()], [1.0, 2.0])
    # equality reads arrays into memory, so it works on a closed store too
    assert h5s["g"] != {"a": 1}
    assert h5s["g"] == {"a": 1, "b": {"c": "x", "d": [1.0, 2.0]}, "e": {}}


def test_group_behaves_like_a_mutable_mapping(h5s):
    h5s["g"] = {"a": 1}
    group = h5s["g"]
    group["b"] = 2
    group.update({"c": 3}, d=4)
    assert sorted(group) == ["a", "b", "c", "d"]
    assert len(group) == 4
    assert "a" in group and "z" not in group
    del group["a"]
    assert group.pop("b") == 2
    assert group.get("b", "default") == "default"
    assert group.setdefault("e", 5) == 5
    assert group.setdefault("e", 6) == 5
    key, value = group.popitem()
    assert key not in group
    group.clear()
    assert len(group) == 0
    assert dict(h5s) == {"g": {}}
    assert repr(group) == f"H5Group(store={h5s!r}, path='/g')"


def test_mapping_keys_must_be_valid(h5s):
    with pytest.raises(TypeError, match="must be str"):
        h5s["g"] = {1: "a"}
    with pytest.raises(ValueError, match="must not contain '/'"):
        h5s["g"] = {"a/b": 1}
    assert "g" not in h5s


# a property test: nested dicts of scalars behave like a plain dict
keys = st.text(st.characters(blacklist_characters="/\x00", codec="utf-8"), min_size=1).filter(
    lambda k: k != "."
)
# keys given to the store itself must not contain dots; keys inside stored mappings may
top_keys = st.text(st.characters(blacklist_characters="/\x00.", codec="utf-8"), min_size=1)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text(st.characters(blacklist_characters="\x00", codec="utf-8"))
    | st.binary()
)
trees = st.recursive(
    scalars, lambda children: st.dictionaries(keys, children, max_size=4), max_leaves=12
)


@settings(max_examples=40, deadline=None)
@given(data=st.dictionaries(top_keys, trees, max_size=5))
def test_nested_scalars_round_trip_like_a_dict(tmp_path_factory, data):
    h5s = H5Store(str(tmp_path_factory.mktemp("prop") / "s.h5"))
    h5s.update(data)
    assert h5s == data
    with h5s:
        for key, value in data.items():
            stored = h5s[key]
            if isinstance(value, dict):
                assert isinstance(stored, H5Group) and stored == value
            else:
                assert stored == value and type(stored) is type(value)
