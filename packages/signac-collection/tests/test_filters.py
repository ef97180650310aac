"""Every operator of the filter language, through Collection.find and compile_filter."""

import pytest

from signac_collection import Collection, InvalidFilterError, compile_filter, matches

DOCS = [
    {"_id": "0", "a": 0, "b": "foo", "n": {"x": 1, "y": "bar"}},
    {"_id": "1", "a": 1, "b": "bar", "n": {"x": 2}},
    {"_id": "2", "a": 1.0, "b": "foobar", "l": [1, 2]},
    {"_id": "3", "a": 2.5, "b": None, "l": [1.0, 2.0], "n": 5},
    {"_id": "4", "a": True, "b": "Foo", "l": []},
    {"_id": "5", "a": "1", "l": [[1], {"k": 1}]},
    {"_id": "6", "a": [1, 2], "n": {"x": {"z": 3}}},
    {"_id": "7", "a": None, "b": False},
    {"_id": "8"},
]


@pytest.fixture
def coll():
    return Collection(DOCS)


def ids(coll, filter):
    """Result of find; checked against the plain-dict predicate on every document."""
    found = [d["_id"] for d in coll.find(filter)]
    match = compile_filter(filter)
    assert found == [d["_id"] for d in DOCS if match(d)], filter
    assert found == [d["_id"] for d in DOCS if matches(filter, d)]
    assert len(coll.find(filter)) == len(found)
    return found


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        (None, [str(i) for i in range(9)]),
        ({}, [str(i) for i in range(9)]),
        # exact match, whole numbers, booleans are not numbers
        ({"a": 1}, ["1", "2"]),
        ({"a": 1.0}, ["1", "2"]),
        ({"a": True}, ["4"]),
        ({"a": 0}, ["0"]),
        ({"b": False}, ["7"]),
        ({"a": "1"}, ["5"]),
        ({"a": None}, ["7"]),
        ({"b": None}, ["3"]),
        ({"a": [1, 2]}, ["6"]),
        ({"a": [1.0, 2]}, ["6"]),
        ({"l": [1, 2]}, ["2", "3"]),
        ({"l": []}, ["4"]),
        ({"l": [[1], {"k": 1}]}, ["5"]),
        # nested keys: dots and nested mappings (partial match)
        ({"n.x": 1}, ["0"]),
        ({"n": {"x": 1}}, ["0"]),
        ({"n": {"x": 1, "y": "bar"}}, ["0"]),
        ({"n": {"x": {"z": 3}}}, ["6"]),
        ({"n.x.z": 3}, ["6"]),
        ({"n.x": {"$gt": 1}}, ["1"]),
        ({"n": {"x": {"$gt": 0}}}, ["0", "1"]),
        ({"n": 5}, ["3"]),
        ({"n.x": {"$exists": True}}, ["0", "1", "6"]),
        ({"a": 1, "b": "bar"}, ["1"]),
        # $eq / $ne
        ({"a": {"$eq": 1}}, ["1", "2"]),
        ({"a": {"$ne": 1}}, ["0", "3", "4", "5", "6", "7"]),
        ({"b": {"$ne": None}}, ["0", "1", "2", "4", "7"]),
        # comparisons
        ({"a": {"$gt": 0}}, ["1", "2", "3"]),
        ({"a": {"$gte": 1}}, ["1", "2", "3"]),
        ({"a": {"$lt": 1}}, ["0"]),
        ({"a": {"$lte": 1}}, ["0", "1", "2"]),
        ({"a": {"$gt": 0, "$lt": 2}}, ["1", "2"]),
        ({"b": {"$gt": "foo"}}, ["2"]),
        ({"b": {"$lt": "bar"}}, ["4"]),
        ({"b": {"$gte": "bar", "$lte": "foo"}}, ["0", "1"]),
        ({"a": {"$gt": False}}, ["4"]),
        ({"b": {"$lte": True}}, ["7"]),
        ({"a": {"$gt": None}}, []),
        ({"a": {"$gt": [0]}}, []),
        # $in / $nin
        ({"a": {"$in": [0, 2.5]}}, ["0", "3"]),
        ({"a": {"$in": [1]}}, ["1", "2"]),
        ({"a": {"$in": [True, "1"]}}, ["4", "5"]),
        ({"a": {"$in": [[1, 2], None]}}, ["6", "7"]),
        ({"a": {"$in": []}}, []),
        ({"a": {"$nin": [1, None]}}, ["0", "3", "4", "5", "6"]),
        ({"a": {"$nin": []}}, ["0", "1", "2", "3", "4", "5", "6", "7"]),
        # $exists
        ({"l": {"$exists": True}}, ["2", "3", "4", "5"]),
        ({"l": {"$exists": False}}, ["0", "1", "6", "7", "8"]),
        ({"b": {"$exists": 1}}, ["0", "1", "2", "3", "4", "7"]),
        # $regex (re.search) on strings only
        ({"b": {"$regex": "foo"}}, ["0", "2"]),
        ({"b": {"$regex": "^[Ff]oo$"}}, ["0", "4"]),
        ({"a": {"$regex": "1"}}, ["5"]),
        ({"n.y": {"$regex": "a"}}, ["0"]),
        # $type
        ({"a": {"$type": "int"}}, ["0", "1"]),
        ({"a": {"$type": "float"}}, ["2", "3"]),
        ({"a": {"$type": "number"}}, ["0", "1", "2", "3"]),
        ({"a": {"$type": "bool"}}, ["4"]),
        ({"a": {"$type": "str"}}, ["5"]),
        ({"a": {"$type": "list"}}, ["6"]),
        ({"a": {"$type": "null"}}, ["7"]),
        ({"n": {"$type": "dict"}}, ["0", "1", "6"]),
        ({"a": {"$type": int}}, ["0", "1"]),
        ({"a": {"$type": float}}, ["2", "3"]),
        ({"a": {"$type": str}}, ["5"]),
        ({"a": {"$type": bool}}, ["4"]),
        ({"a": {"$type": list}}, ["6"]),
        ({"a": {"$type": None}}, ["7"]),
        ({"a": {"$type": type(None)}}, ["7"]),
        # $where
        ({"b": {"$where": "lambda x: x.startswith('foo')"}}, ["0", "2"]),
        ({"a": {"$where": "lambda x: x > 0.5"}}, ["1", "2", "3", "4"]),
        ({"a": {"$where": "lambda x: isinstance(x, float)"}}, ["2", "3"]),
        # $near
        ({"a": {"$near": [1]}}, ["1", "2"]),
        ({"a": {"$near": 2.5}}, ["3"]),
        ({"a": {"$near": [2.6, 0.05]}}, ["3"]),
        ({"a": {"$near": [2.6, 0.01]}}, []),
        ({"a": {"$near": [0.1, 0, 0.2]}}, ["0"]),
        ({"a": {"$near": [0, 2]}}, ["0", "1", "2", "3"]),
        # $not
        ({"a": {"$not": {"$gt": 0}}}, ["0", "4", "5", "6", "7", "8"]),
        ({"a": {"$not": {"$gt": 0, "$lt": 2}}}, ["0", "3", "4", "5", "6", "7", "8"]),
        ({"a": {"$not": 1}}, ["0", "3", "4", "5", "6", "7", "8"]),
        ({"$not": {"a": 1}}, ["0", "3", "4", "5", "6", "7", "8"]),
        ({"n": {"$not": {"x": 1}}}, ["1", "2", "3", "4", "5", "6", "7", "8"]),
        # $and / $or
        ({"$and": [{"a": {"$gte": 1}}, {"b": {"$regex": "bar"}}]}, ["1", "2"]),
        ({"$or": [{"a": 0}, {"b": {"$regex": "bar"}}]}, ["0", "1", "2"]),
        ({"$or": [{"a": 0}, {"$and": [{"a": 1}, {"l": {"$exists": True}}]}]}, ["0", "2"]),
        ({"$or": [{"a": 0}], "b": "bar"}, []),
        ({"$and": [{"a": 1}, {"a": 1.0}]}, ["1", "2"]),
    ],
)
def test_operator(coll, filter, expected):
    assert ids(coll, filter) == expected


def test_missing_keys_do_not_match_comparisons(coll):
    # documented signac semantics: $ne and $nin need the key (unlike MongoDB)
    assert "8" not in ids(coll, {"a": {"$ne": 1}})
    assert "8" not in ids(coll, {"a": {"$nin": [1]}})
    assert "8" in ids(coll, {"a": {"$not": {"$eq": 1}}})


def test_where_exception_other_than_type_errors_propagates(coll):
    with pytest.raises(ZeroDivisionError):
        coll.find({"a": {"$where": "lambda x: 1 / 0"}})


@pytest.mark.parametrize(
    ("filter", "fragment"),
    [
        ({"a": {"$foo": 1}}, "$foo"),
        ({"$foo": 1}, "$foo"),
        ({"$gt": 1}, "$gt"),
        ({"a": {"$gt": 1, "b": 2}}, "mixes operators"),
        ({"$and": {"a": 1}}, "$and"),
        ({"$or": []}, "$or"),
        ({"$and": [1]}, "$and"),
        ({"$not": 1}, "$not"),
        ({"a": {"$and": [{"$gt": 1}]}}, "$and"),
        ({"a": {"$in": 1}}, "$in"),
        ({"a": {"$nin": "abc"}}, "$nin"),
        ({"a": {"$exists": "yes"}}, "$exists"),
        ({"a": {"$regex": 1}}, "$regex"),
        ({"a": {"$regex": "("}}, "$regex"),
        ({"a": {"$type": "complex"}}, "complex"),
        ({"a": {"$type": complex}}, "complex"),
        ({"a": {"$near": "x"}}, "$near"),
        ({"a": {"$near": [1, 2, 3, 4]}}, "$near"),
        ({"a": {"$near": [1, -1]}}, "$near"),
        ({"a": {"$near": [1, "x"]}}, "$near"),
        ({"a": {"$where": "lambda x:"}}, "$where"),
        ({"a": {"$where": "42"}}, "$where"),
        ({"a": {"$where": 42}}, "$where"),
        ({"a..b": 1}, "a..b"),
        ({"": 1}, "''"),
        ([("a", 1)], "mapping"),
        ("a", "mapping"),
    ],
)
def test_invalid_filter(coll, filter, fragment):
    with pytest.raises(ValueError, match=None) as info:
        coll.find(filter)
    assert isinstance(info.value, InvalidFilterError)
    assert fragment in str(info.value)
    with pytest.raises(ValueError):
        compile_filter(filter)


@pytest.mark.parametrize(
    "filter",
    [{"a": object()}, {"a": {"$in": [1, {2}]}}, {1: 2}, {"a": {"b": b"x"}}],
)
def test_filter_must_be_json_encodable(coll, filter):
    with pytest.raises(TypeError, match="JSON"):
        coll.find(filter)


def test_tuple_in_filter_is_a_list(coll):
    assert ids(coll, {"a": (1, 2)}) == ["6"]


def test_compile_filter_on_plain_dicts():
    match = compile_filter({"sp.a": {"$gt": 1}, "sp.b": "x"})
    assert match({"sp": {"a": 2, "b": "x"}})
    assert not match({"sp": {"a": 1, "b": "x"}})
    assert not match({"sp": 5})
    assert not match({})
    assert compile_filter(None)({})
