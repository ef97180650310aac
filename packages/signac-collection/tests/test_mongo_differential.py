"""Differential test: our results equal a real MongoDB-protocol server's.

hypothesis generates documents and filters from the operator set; the same
documents go into the ``mongo_server`` (mongoeco, through pymongo) and into a
``Collection``. The query sent to the server is ``to_mongo(filter)``, which
states every intended difference explicitly (see ``signac_collection.testing``):
missing keys never match a condition, values compare as in Python (``True == 1``;
ordering compares numbers, booleans included, with numbers and strings with
strings), nested mappings are partial matches, no implicit list-element
matching. Whole-number matching (``1 == 1.0``) needs no rewriting. ``$where``
and ``$near`` have no MongoDB counterpart and are covered by test_filters.py.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signac_collection import Collection
from signac_collection.testing import documents, filters, to_mongo

pymongo = pytest.importorskip("pymongo")


@pytest.fixture(scope="module")
def mongo_collection(mongo_server):
    client = pymongo.MongoClient(mongo_server.uri, serverSelectionTimeoutMS=10_000)
    coll = client["signac_collection_tests"]["differential"]
    yield coll
    coll.drop()
    client.close()


def run_both(mongo_collection, docs, fs):
    docs = [dict(d, _id=str(i)) for i, d in enumerate(docs)]
    mongo_collection.delete_many({})
    if docs:
        mongo_collection.insert_many([dict(d) for d in docs])
    ours = Collection(docs)
    for f in fs:
        expected = sorted(d["_id"] for d in mongo_collection.find(to_mongo(f), {"_id": 1}))
        assert sorted(ours.find_ids(f)) == expected, (f, to_mongo(f))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(documents(), max_size=15), st.lists(filters(max_leaves=6), min_size=1, max_size=5))
def test_find_equals_mongo(mongo_collection, docs, fs):
    run_both(mongo_collection, docs, fs)


DOCS = [
    {"a": 1},
    {"a": 1.0},
    {"a": True},
    {"a": "1"},
    {"a": None},
    {},
    {"a": 2.5},
    {"a": 0},
    {"a": False},
    {"l": [1, 2]},
    {"l": [1.0, 2.0]},
    {"l": []},
    {"n": {"x": 1, "y": 2}},
    {"n": {"x": 1}},
    {"n": 3},
]


@pytest.mark.parametrize(
    "f",
    [
        {"a": 1},  # 1, 1.0 and True (signac 1.7: True == 1)
        {"a": True},
        {"a": {"$in": [1, None]}},
        {"a": {"$nin": [1, None]}},
        {"a": {"$ne": None}},
        {"a": None},
        {"a": {"$gte": 1}},
        {"a": {"$gt": "0"}},
        {"a": {"$lt": True}},
        {"a": {"$type": "int"}},
        {"a": {"$type": "float"}},
        {"a": {"$lt": 0.5}},
        {"a.$gt": 0},
        {"$not": {"a": {"$gt": 0}}},
        {"l": [1, 2]},
        {"l": {"$in": [[], [2, 1]]}},
        {"n.x": 1},
        {"n": {"x": 1}},
        {"$or": [{"a": 0}, {"n.x": {"$exists": True}}]},
        {"a": {"$regex": "^1$"}},
    ],
)
def test_known_cases_equal_mongo(mongo_collection, f):
    run_both(mongo_collection, DOCS, [f])


def test_differences_are_explicit():
    """Where we differ from MongoDB on purpose, to_mongo rewrites the query."""
    assert to_mongo({"a": {"$ne": 2}}) == {"a": {"$exists": True, "$ne": 2}}
    assert to_mongo({"a": {"$ne": 1}}) == {"a": {"$exists": True, "$nin": [1, True]}}
    assert to_mongo({"n": {"x": 2}}) == {"n.x": {"$exists": True, "$eq": 2}}
    assert to_mongo({"a": {"$gt": 1}}) == {
        "$or": [{"a": {"$exists": True, "$gt": 1, "$type": "number"}}, {"a": {"$in": []}}]
    }
    assert to_mongo({"$not": {"a": {"$eq": 2}}}) == {"$nor": [{"a": {"$exists": True, "$eq": 2}}]}
    assert to_mongo(None) == {}
    with pytest.raises(ValueError):
        to_mongo({"a": {"$near": 1}})
