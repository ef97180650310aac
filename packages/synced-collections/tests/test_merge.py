"""Property tests of the three-way merge used when a buffered file changed on disk."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from synced_collections.buffers.file_buffered_collection import _merge, _MergeConflict
from synced_collections.testing._stateful import keys, values

documents = st.dictionaries(keys, values, max_size=5)


@given(
    base=documents,
    ours_keys=st.sets(keys, max_size=4),
    theirs_keys=st.sets(keys, max_size=4),
    data=st.data(),
)
def test_disjoint_changes_are_combined(base, ours_keys, theirs_keys, data):
    theirs_keys -= ours_keys
    ours, theirs = dict(base), dict(base)
    for key in ours_keys:
        if data.draw(st.booleans()) and key in ours:
            del ours[key]
        else:
            ours[key] = data.draw(values)
    for key in theirs_keys:
        if data.draw(st.booleans()) and key in theirs:
            del theirs[key]
        else:
            theirs[key] = data.draw(values)
    merged = _merge(base, theirs, ours)
    expected = dict(base)
    for key in ours_keys:
        expected.pop(key, None)
        if key in ours:
            expected[key] = ours[key]
    for key in theirs_keys:
        expected.pop(key, None)
        if key in theirs:
            expected[key] = theirs[key]
    assert merged == expected


@given(base=documents, key=keys, ours=values, theirs=values)
def test_different_changes_of_one_key_conflict(base, key, ours, theirs):
    if ours == theirs or ours == base.get(key) or theirs == base.get(key):
        return
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return  # nested dicts are merged key by key
    with pytest.raises(_MergeConflict):
        _merge(base, {**base, key: theirs}, {**base, key: ours})


def test_unchanged_sides():
    assert _merge({"a": 1}, {"a": 2}, {"a": 1}) == {"a": 2}
    assert _merge({"a": 1}, {"a": 1}, {"a": 3}) == {"a": 3}
    assert _merge({"a": [1]}, {"a": [1, 2]}, {"a": [1, 2]}) == {"a": [1, 2]}
    with pytest.raises(_MergeConflict):
        _merge({"a": [1]}, {"a": [1, 2]}, {"a": [1, 3]})
    with pytest.raises(_MergeConflict):
        _merge([1], [1, 2], [1, 3])


def test_json_types_are_distinguished():
    with pytest.raises(_MergeConflict):
        _merge({"a": 1}, {"a": True}, {"a": 2})
    assert _merge({"a": 1}, {"a": 1}, {"a": True}) == {"a": True}
    nan = float("nan")
    merged = _merge({"a": nan}, {"a": nan, "b": 1}, {"a": nan, "c": 2})
    assert merged["b"] == 1 and merged["c"] == 2 and merged["a"] != merged["a"]
