"""Property tests: the index-backed find agrees with the plain-dict predicate.

The predicate of ``compile_filter`` is the reference engine; ``find`` uses
indexes (buckets, sorted keys, candidate filtering) and must give the same
documents in the same order, also after random changes to the collection.
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signac_collection import Collection, compile_filter
from signac_collection.testing import documents, filters

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def reference(docs, filter):
    match = compile_filter(filter)
    return [d["_id"] for d in docs if match(d)]


@SETTINGS
@given(st.lists(documents(), max_size=25), st.lists(filters(), min_size=1, max_size=4))
def test_find_equals_reference(docs, fs):
    docs = [dict(d, _id=str(i)) for i, d in enumerate(docs)]
    coll = Collection(docs)
    for f in fs:
        assert coll.find_ids(f) == reference(docs, f), f
        assert [d["_id"] for d in coll.find(f, limit=2)] == reference(docs, f)[:2]


@SETTINGS
@given(
    st.lists(documents(), max_size=20),
    st.lists(filters(max_leaves=4), min_size=1, max_size=3),
    st.lists(
        st.tuples(
            st.sampled_from(["insert", "replace", "delete", "setitem", "update"]),
            st.integers(0, 30),
            documents(),
        ),
        max_size=12,
    ),
)
def test_indexes_stay_current(docs, fs, changes):
    coll = Collection([dict(d, _id=str(i)) for i, d in enumerate(docs)])
    for f in fs:
        coll.find_ids(f)  # build the indexes first
    for action, i, doc in changes:
        _id = str(i)
        if action == "insert" and _id not in coll:
            coll.insert_one(dict(doc, _id=_id))
        elif action == "replace":
            coll.replace_one({"_id": _id}, doc, upsert=True)
        elif action == "delete":
            coll.delete_one({"_id": _id})
        elif action == "setitem":
            coll[_id] = doc
        elif action == "update":
            coll.update([dict(doc, _id=_id)])
    current = list(coll)
    for f in fs:
        assert coll.find_ids(f) == reference(current, f), f


numbers = st.one_of(
    st.integers(-1000, 1000),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.sampled_from([0.0, 1.0, 1e-12, -1e-12, 100.0, 100.00000001]),
)
near_args = st.one_of(
    numbers,
    st.tuples(numbers).map(list),
    st.tuples(numbers, st.sampled_from([0, 1e-9, 1e-3, 0.1, 0.5, 0.99, 1.0, 2.0])).map(list),
    st.tuples(
        numbers, st.sampled_from([0, 1e-9, 0.1, 1.5]), st.sampled_from([0, 1e-9, 0.5, 10.0])
    ).map(list),
)


@SETTINGS
@given(
    st.lists(st.one_of(numbers, st.booleans(), st.text(max_size=2), st.none()), max_size=30),
    st.lists(near_args, min_size=1, max_size=4),
)
def test_near_and_comparisons_with_sorted_keys(values, args):
    docs = [{"_id": str(i), "a": v} for i, v in enumerate(values)]
    coll = Collection(docs)
    for arg in args:
        for f in (
            {"a": {"$near": arg}},
            {"a": {"$gt": arg if not isinstance(arg, list) else arg[0]}},
            {"a": {"$lte": arg if not isinstance(arg, list) else arg[0]}},
        ):
            assert coll.find_ids(f) == reference(docs, f), f


json_keys = st.one_of(st.text("ab", max_size=2), st.integers(-2, 2), st.booleans(), st.none())
json_like = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=3),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.lists(children, max_size=3).map(tuple),
        st.dictionaries(json_keys, children, max_size=3),
    ),
    max_leaves=10,
)


@SETTINGS
@given(st.dictionaries(json_keys, json_like, max_size=4))
def test_document_copy_is_the_json_round_trip(doc):
    """Fact 2: a stored document is what json.loads(json.dumps(doc)) gives."""
    import json

    from signac_collection._documents import json_copy

    assert json_copy(doc) == json.loads(json.dumps(doc))
