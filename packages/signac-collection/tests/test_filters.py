"""Every operator of the filter language, through Collection.find and compile_filter."""

import re

import pytest

from signac_collection import (
    Collection,
    FilterKeyError,
    FilterValueError,
    InvalidFilterError,
    compile_filter,
    matches,
)

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


ALL_IDS = [str(i) for i in range(9)]


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        (None, ALL_IDS),
        ({}, ALL_IDS),
        # equality as in Python (signac 1.7): 1 == 1.0 == True, lists as tuples
        ({"a": 1}, ["1", "2", "4"]),
        ({"a": 1.0}, ["1", "2", "4"]),
        ({"a": True}, ["1", "2", "4"]),
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
        ({"n": {"x": 1, "$exists": True}}, ["0"]),
        ({"n": 5}, ["3"]),
        ({"n.x": {"$exists": True}}, ["0", "1", "6"]),
        ({"a": 1, "b": "bar"}, ["1"]),
        # the operator in the key
        ({"a.$lt": 1}, ["0"]),
        ({"n.x.$exists": False}, ["2", "3", "4", "5", "7", "8"]),
        ({"n": {"x.$exists": True}}, ["0", "1", "6"]),
        ({"n": {"x.$gt": 1}}, ["1"]),
        # $eq / $ne
        ({"a": {"$eq": 1}}, ["1", "2", "4"]),
        ({"a": {"$ne": 1}}, ["0", "3", "5", "6", "7"]),
        ({"b": {"$ne": None}}, ["0", "1", "2", "4", "7"]),
        ({"n": {"$ne": 5}}, ["0", "1", "6"]),
        # comparisons: booleans are numbers; other pairings do not match
        ({"a": {"$gt": 0}}, ["1", "2", "3", "4"]),
        ({"a": {"$gte": 1}}, ["1", "2", "3", "4"]),
        ({"a": {"$lt": 1}}, ["0"]),
        ({"a": {"$lte": 1}}, ["0", "1", "2", "4"]),
        ({"a": {"$gt": 0, "$lt": 2}}, ["1", "2", "4"]),
        ({"b": {"$gt": "foo"}}, ["2"]),
        ({"b": {"$lt": "bar"}}, ["4"]),
        ({"b": {"$gte": "bar", "$lte": "foo"}}, ["0", "1"]),
        ({"a": {"$gt": False}}, ["1", "2", "3", "4"]),
        ({"b": {"$lte": True}}, ["7"]),
        ({"a": {"$gt": None}}, []),
        ({"a": {"$gt": [0]}}, ["6"]),
        ({"l": {"$lt": [1, 3]}}, ["2", "3", "4"]),
        ({"n": {"$gt": {}}}, []),
        # $in / $nin
        ({"a": {"$in": [0, 2.5]}}, ["0", "3"]),
        ({"a": {"$in": [1]}}, ["1", "2", "4"]),
        ({"a": {"$in": [True, "1"]}}, ["1", "2", "4", "5"]),
        ({"a": {"$in": [[1, 2], None]}}, ["6", "7"]),
        ({"a": {"$in": []}}, []),
        ({"a": {"$in": {}}}, []),
        ({"n": {"$in": [{"x": 2}, 5]}}, ["3"]),
        ({"a": {"$nin": [1, None]}}, ["0", "3", "5", "6"]),
        ({"a": {"$nin": []}}, ["0", "1", "2", "3", "4", "5", "6", "7"]),
        # $exists
        ({"l": {"$exists": True}}, ["2", "3", "4", "5"]),
        ({"l": {"$exists": False}}, ["0", "1", "6", "7", "8"]),
        # $regex (re.search) on strings only
        ({"b": {"$regex": "foo"}}, ["0", "2"]),
        ({"b": {"$regex": "^[Ff]oo$"}}, ["0", "4"]),
        ({"a": {"$regex": "1"}}, ["5"]),
        ({"n.y": {"$regex": "a"}}, ["0"]),
        # $type: int includes bool; list values are tuples
        ({"a": {"$type": "int"}}, ["0", "1", "4"]),
        ({"a": {"$type": "float"}}, ["2", "3"]),
        ({"a": {"$type": "str"}}, ["5"]),
        ({"a": {"$type": "list"}}, ["6"]),
        ({"a": {"$type": "null"}}, ["7"]),
        ({"n": {"$type": "int"}}, ["3"]),
        # $where: the function of the value (lists as tuples)
        ({"b": {"$where": "lambda x: isinstance(x, str) and x.startswith('foo')"}}, ["0", "2"]),
        (
            {"a": {"$where": "lambda x: isinstance(x, (int, float)) and x > 0.5"}},
            ["1", "2", "3", "4"],
        ),
        ({"a": {"$where": "lambda x: isinstance(x, float)"}}, ["2", "3"]),
        ({"a": {"$where": "lambda x: isinstance(x, tuple)"}}, ["6"]),
        # $near
        ({"a": {"$near": [1]}}, ["1", "2", "4"]),
        ({"a": {"$near": 2.5}}, ["3"]),
        ({"a": {"$near": [2.6, 0.05]}}, ["3"]),
        ({"a": {"$near": [2.6, 0.01]}}, []),
        ({"a": {"$near": [0.1, 0, 0.2]}}, ["0"]),
        ({"a": {"$near": [0, 2]}}, ["0", "1", "2", "3", "4"]),
        # $not (top level)
        ({"$not": {"a": {"$gt": 0}}}, ["0", "5", "6", "7", "8"]),
        ({"$not": {"a": 1}}, ["0", "3", "5", "6", "7", "8"]),
        ({"$not": {"n": {"x": 1}}}, ["1", "2", "3", "4", "5", "6", "7", "8"]),
        ({"$not": {}}, []),
        # $and / $or
        ({"$and": [{"a": {"$gte": 1}}, {"b": {"$regex": "bar"}}]}, ["1", "2"]),
        ({"$or": [{"a": 0}, {"b": {"$regex": "bar"}}]}, ["0", "1", "2"]),
        ({"$or": [{"a": 0}, {"$and": [{"a": 1}, {"l": {"$exists": True}}]}]}, ["0", "2", "4"]),
        ({"$or": [{"a": 0}], "b": "bar"}, []),
        ({"$and": [{"a": 1}, {"a": 1.0}]}, ["1", "2", "4"]),
        ({"$and": [{}]}, ALL_IDS),
        # keys that name nothing
        ({"$gt": 1}, []),
        ({"a..b": 1}, []),
        ({"": 1}, []),
        ({"a": {"$gt": 1, "b": 2}}, []),
    ],
)
def test_operator(coll, filter, expected):
    assert ids(coll, filter) == expected


def test_type_bool_tests_one_representative_of_equal_values(coll):
    # signac 1.7: 1 and True share an index entry, which the first stored value represents
    two = Collection([{"_id": "t", "a": True}, {"_id": "1", "a": 1}])
    assert two.find_ids({"a": {"$type": "bool"}}) == ["t", "1"]
    assert [d["_id"] for d in coll.find({"a": {"$type": "bool"}})] == []  # "1" (a=1) came first
    assert compile_filter({"a": {"$type": "bool"}})({"a": True})  # one value: itself


def test_missing_keys_do_not_match_comparisons(coll):
    # documented signac semantics: $ne and $nin need the key (unlike MongoDB)
    assert "8" not in ids(coll, {"a": {"$ne": 1}})
    assert "8" not in ids(coll, {"a": {"$nin": [1]}})
    assert "8" in ids(coll, {"$not": {"a": {"$eq": 1}}})


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("lambda x: 1 / 0", ZeroDivisionError),
        ("lambda x: x > 0", TypeError),  # 'a' > 0, as in signac 1.7
        ("lambda x:", SyntaxError),
        ("42", TypeError),
        (42, TypeError),
    ],
)
def test_where_errors_propagate(coll, source, error):
    with pytest.raises(error):
        coll.find({"a": {"$where": source}})
    assert coll.find_ids({"zz": {"$where": source}}) == []  # no value: never called


@pytest.mark.parametrize(
    ("filter", "kind", "fragment"),
    [
        # an operator is unknown or misplaced: a KeyError (and a ValueError)
        ({"a": {"$foo": 1}}, FilterKeyError, "Unknown expression-operator '$foo'."),
        ({"$foo": 1}, FilterKeyError, "$foo"),
        ({"a.$foo": 1}, FilterKeyError, "$foo"),
        ({"a": {"$and": [{"$gt": 1}]}}, FilterKeyError, "$and"),
        ({"a": {"$or": []}}, FilterKeyError, "$or"),
        ({"a.$eq.b": 1}, FilterKeyError, "Bad operator placement 'a.$eq.b'."),
        ({"$and.a": 1}, FilterKeyError, "placement"),
        ({"a.$lt.$gt": 1}, FilterKeyError, "Bad operator expression 'a.$lt.$gt'."),
        ({"a": {"$not": {"$gt": 0}}}, FilterKeyError, "a.$not.$gt"),
        ({"a": {"$not": 1}}, FilterKeyError, "$not"),
        # a bad argument: a ValueError (and a KeyError)
        ({"$and": []}, FilterValueError, "cannot be empty"),
        ({"$and": {"a": 1}}, FilterValueError, "must be a list"),
        ({"$or": "x"}, FilterValueError, "must be a list"),
        ({"a": {"$type": "complex"}}, FilterValueError, "Unknown argument for $type operator"),
        ({"a": {"$type": "number"}}, FilterValueError, "'number'"),
        ({"a": {"$type": ["int"]}}, FilterValueError, "'('int',)'"),
        ({"a": {"$exists": "yes"}}, FilterValueError, "must be boolean"),
        ({"a": {"$exists": 1}}, FilterValueError, "must be boolean"),
        ({"a": {"$near": "x"}}, FilterValueError, "$near"),
        ({"a": {"$near": [1, 2, 3, 4]}}, FilterValueError, "$near"),
        ({"a": {"$near": [1, -1]}}, FilterValueError, "$near"),
        ({"a": {"$near": [1, "x"]}}, FilterValueError, "$near"),
        ([("a", 1)], FilterValueError, "mapping"),
        # as in signac 1.7
        ({"a": {"$in": 1}}, TypeError, "$in"),
        ({"a": {"$nin": "abc"}}, TypeError, "$nin"),
        ({"a": {"$regex": 1}}, TypeError, "string"),
        ({"a": {"$regex": "("}}, re.error, "missing )"),
        ({"$and": [1]}, TypeError, "mapping"),
        ({"$or": [[{"a": 1}]]}, TypeError, "mapping"),
        ({"$or": ["a"]}, AttributeError, "mapping"),
        ({"$not": 1}, TypeError, "mapping"),
        ("a", AttributeError, "mapping"),
        (1, TypeError, "mapping"),
        ({"$or": None}, AssertionError, "no condition"),
    ],
)
def test_invalid_filter(coll, filter, kind, fragment):
    with pytest.raises(kind) as info:
        list(coll.find(filter))
    assert type(info.value) is kind
    assert fragment in str(info.value)
    with pytest.raises(kind):
        compile_filter(filter)


def test_filter_errors_are_key_and_value_errors():
    for kind in (FilterKeyError, FilterValueError):
        assert issubclass(kind, InvalidFilterError)
        assert issubclass(kind, KeyError) and issubclass(kind, ValueError)
    assert not issubclass(FilterKeyError, FilterValueError)
    with pytest.raises(KeyError):
        compile_filter({"a": {"$foo": 1}})
    with pytest.raises(ValueError):
        compile_filter({"a": {"$foo": 1}})
    with pytest.raises(KeyError):
        compile_filter({"$and": []})
    # str() of the KeyError kind is quoted (as any KeyError's), of the ValueError kind plain
    assert str(FilterKeyError("x")) == "'x'"
    assert str(FilterValueError("x")) == "x"


def test_errors_are_raised_where_the_search_reaches_them(coll):
    # like signac 1.7: a part after a condition that leaves no candidate is not evaluated
    assert coll.find_ids({"a": 99, "b.$foo": 1}) == []
    assert coll.find_ids({"a": 99, "$and": []}) == []
    with pytest.raises(FilterKeyError):
        coll.find_ids({"a": 1, "b.$foo": 1})
    with pytest.raises(FilterValueError):
        coll.find_ids({"$and": [{"a": 99}, {"b": {"$exists": 2}}]})
    # and some bad arguments only once the key holds a value they apply to
    assert coll.find_ids({"zz": {"$type": "dict"}}) == []
    assert coll.find_ids({"zz": {"$in": 1}}) == []
    assert coll.find_ids({"n": {"$regex": "("}}) == []  # no string under 'n'
    with pytest.raises(re.error):
        coll.find_ids({"b": {"$regex": "("}})
    # compile_filter checks the whole filter at once
    for filter in ({"a": 99, "b.$foo": 1}, {"zz": {"$type": "dict"}}, {"zz": {"$in": 1}}):
        with pytest.raises((InvalidFilterError, TypeError)):
            compile_filter(filter)


def test_primary_key_lookup(coll):
    assert coll.find_ids({"_id": "3"}) == ["3"]
    assert coll.find_ids({"_id": "3", "a": 2.5}) == ["3"]
    assert coll.find_ids({"_id": "3", "a": 1}) == []
    assert coll.find_ids({"_id": "nope", "a": 1}) == []  # 1.7 would ignore the _id here
    assert coll.find_ids({"_id": {"$in": ["1", "3", "x"]}}) == ["1", "3"]
    assert coll.find_ids({"_id": {"$gt": "6"}}) == ["7", "8"]
    # signac 1.7 fails an assertion when the primary key names no document
    for filter in ({"_id": "nope"}, {"_id": 3}, {"_id": None}, {"$or": [{"_id": "nope"}]}):
        with pytest.raises(AssertionError):
            coll.find_ids(filter)
    assert coll.find_one({"_id": "3"})["a"] == 2.5
    # the changing methods take such a filter as "no match"
    coll.delete_one({"_id": "nope"})
    assert coll.replace_one({"_id": "nope"}, {"a": 7}) is None
    assert len(coll) == 9


@pytest.mark.parametrize(
    "filter",
    [
        {"a": object()},
        {"a": {"$in": [1, {2}]}},
        {("a",): 2},
        {"a": {"b": b"x"}},
        {"a": {"$type": int}},
    ],
)
def test_filter_must_be_json_encodable(coll, filter):
    with pytest.raises(TypeError, match="JSON|keys must be"):
        coll.find(filter)


def test_filter_is_normalised_by_a_json_round_trip(coll):
    assert ids(coll, {"a": (1, 2)}) == ["6"]
    assert Collection([{"_id": "x", "1": 2}]).find_ids({1: 2}) == ["x"]
    assert ids(coll, {"$and": ({"a": 0},)}) == ["0"]
    assert ids(coll, {"a": float("nan")}) == []
    assert ids(coll, {"a": {"$ne": float("nan")}}) == ["0", "1", "2", "3", "4", "5", "6", "7"]
    assert ids(coll, {"a": {"$lt": float("inf")}}) == ["0", "1", "2", "3", "4"]
    assert ids(coll, {"a": {"$gt": float("nan")}}) == []
    for empty in ([], (), ""):
        assert coll.find_ids(empty) == ALL_IDS


def test_where_gets_a_copy_of_a_mapping_value(coll):
    assert ids(coll, {"n": {"$where": "lambda x: isinstance(x, dict) and x.get('x') == 1"}}) == [
        "0"
    ]
    assert ids(coll, {"n": {"$where": "lambda x: isinstance(x, dict) and x.clear()"}}) == []
    assert coll["0"]["n"] == {"x": 1, "y": "bar"}


def test_any_mapping_is_a_filter(coll):
    from types import MappingProxyType

    assert ids(coll, MappingProxyType({"n": MappingProxyType({"x": 1})})) == ["0"]


def test_compile_filter_on_plain_dicts():
    match = compile_filter({"sp.a": {"$gt": 1}, "sp.b": "x"})
    assert match({"sp": {"a": 2, "b": "x"}})
    assert not match({"sp": {"a": 1, "b": "x"}})
    assert not match({"sp": 5})
    assert not match({})
    assert compile_filter(None)({})
    assert compile_filter({"sp.a.$lt": 2})({"sp": {"a": 1}})
    assert compile_filter({"sp": {"e": {"a.$exists": False}}})({"sp": {"e": {}}})
