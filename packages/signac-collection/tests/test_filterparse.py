"""The filter-argument helpers: simplified syntax, JSON arguments, namespaces."""

import io
import json

import pytest

from signac_collection import (
    add_prefix,
    parse_filter,
    parse_filter_args,
    parse_simple,
    parse_single,
    root_keys,
)


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (["a", "42"], {"a": 42}),
        (["a", "4.5"], {"a": 4.5}),
        (["a", "1e3"], {"a": 1000.0}),
        (["a", "1_000"], {"a": 1000}),  # int() first, as in signac 1.7
        (["a", "0b1"], {"a": "0b1"}),
        (["a.b", '{"$gt": 1}'], {"a.b": {"$gt": 1}}),
        (["a"], {"a": {"$exists": True}}),
        (["a", "!"], {"a": {"$exists": True}}),
        (["a", "1", "b"], {"a": 1, "b": {"$exists": True}}),
        (["a", "true", "b", "null", "c", "false"], {"a": True, "b": None, "c": False}),
        (["name", "foo"], {"name": "foo"}),
        (["name", '"quoted"'], {"name": '"quoted"'}),
        (["l", "[1, 2]"], {"l": "[1, 2]"}),
        (["name", "/^foo/"], {"name": {"$regex": "^foo"}}),
        (["name", "/"], {"name": {"$regex": ""}}),
        (["a.b.$lt", "42"], {"a.b.$lt": 42}),
        (["doc:sum.$where", "lambda x: x == 1"], {"doc:sum.$where": "lambda x: x == 1"}),
        (["sp.a", "1", "doc.b", "x"], {"sp.a": 1, "doc.b": "x"}),
        ([], {}),
    ],
)
def test_parse_simple(tokens, expected, capsys):
    assert dict(parse_simple(tokens)) == expected
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("token", "hint"),
    [("True", "true"), ("False", "false"), ("None", "null"), ("none", "null")],
)
def test_parse_simple_python_literals_stay_strings_with_a_hint(token, hint, capsys):
    assert dict(parse_simple(["a", token])) == {"a": token}
    assert capsys.readouterr() == ("", f"Did you mean {hint}?\n")


def test_parse_simple_yields_pairs_lazily(capsys):
    pairs = parse_simple(["a", "1", "b", "x", "c", "None"])
    assert next(pairs) == ("a", 1)
    assert next(pairs) == ("b", "x")
    assert capsys.readouterr().err == ""
    assert next(pairs) == ("c", "None")
    assert capsys.readouterr().err == "Did you mean null?\n"


def test_parse_simple_bad_json_value(capsys):
    with pytest.raises(json.JSONDecodeError):
        dict(parse_simple(["a", "{'b': 1}"]))
    assert capsys.readouterr().err == (
        "Failed to parse query argument. Ensure that '{'b': 1}' is valid JSON!\n"
    )


def test_parse_single():
    assert parse_single("a") == ("a", {"$exists": True})
    assert parse_single("a", "2") == ("a", 2)
    assert parse_single("[1]") == ("[1]", {"$exists": True})
    assert parse_single('{"a": 1}', '{"b": 2}') == ('{"a": 1}', {"b": 2})
    with pytest.raises(ValueError, match="JSON expression as a key") as info:
        parse_single('{"a": 1}', "2")
    assert type(info.value) is ValueError  # as in signac 1.7


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (None, None),
        ([], None),
        (['{"a": {"$lt": 5}}'], {"a": {"$lt": 5}}),
        ([' {"a": 1} '], {"a": 1}),
        (["a"], {"a": {"$exists": True}}),
        (["a", "5"], {"a": 5}),
        (["a", '{"$in": [1, 2]}', "b", "x"], {"a": {"$in": [1, 2]}, "b": "x"}),
    ],
)
def test_parse_filter_args(args, expected):
    assert parse_filter_args(args) == expected


def test_parse_filter_args_note():
    out = io.StringIO()
    assert parse_filter_args(["a", "1"], file=out) == {"a": 1}
    assert out.getvalue() == "Interpreted filter arguments as '{\"a\": 1}'.\n"
    out = io.StringIO()
    assert parse_filter_args(['{"a": 1}'], file=out) == {"a": 1}
    assert out.getvalue() == ""


def test_parse_filter_args_bad_json(capsys):
    with pytest.raises(json.JSONDecodeError):
        parse_filter_args(['{"a": }'])
    assert "Ensure that '{\"a\": }' is valid JSON!" in capsys.readouterr().err


def test_parse_filter():
    assert parse_filter(None) == {}
    assert parse_filter({"a": 1}) == {"a": 1}
    assert parse_filter("a 1 b.c foo") == {"a": 1, "b.c": "foo"}
    assert parse_filter('{"a": [1]}') == {"a": [1]}
    assert parse_filter(" {} ") == {}
    assert parse_filter("") == {}
    with pytest.raises(ValueError):
        parse_filter(42)


def test_add_prefix():
    ns = ("sp", "doc")
    assert add_prefix("sp.", {"a": 1}, ns) == {"sp.a": 1}
    assert add_prefix("sp.", {"sp.a": 1, "doc.b": 2, "sp": {"c": 3}}, ns) == {
        "sp.a": 1,
        "doc.b": 2,
        "sp": {"c": 3},
    }
    assert add_prefix("sp.", {"$or": [{"a": 1}, {"doc.b": {"$gt": 1}}]}, ns) == {
        "$or": [{"sp.a": 1}, {"doc.b": {"$gt": 1}}]
    }
    assert add_prefix("doc.", {"$and": [{"$not": {"a": 1}}]}, ns) == {
        "$and": [{"$not": {"doc.a": 1}}]
    }
    assert add_prefix("sp.", None, ns) == {}
    assert add_prefix("sp.", {"spam": 1}, ns) == {"sp.spam": 1}
    assert add_prefix("x.", {"a": {"$gt": 1}}) == {"x.a": {"$gt": 1}}
    with pytest.raises(ValueError, match="list"):
        add_prefix("sp.", {"$and": {"a": 1}}, ns)


def test_root_keys():
    assert root_keys({"sp.a": 1, "$or": [{"doc.b": 2}, {"c": 3}], "$not": {"x.y": 1}}) == {
        "sp",
        "doc",
        "c",
        "x",
    }
    assert root_keys(None) == set()
    assert root_keys({"a": {"$gt": 1}}) == {"a"}


def test_signac_style_namespaced_find():
    """How signac-core uses the helpers: prefixed filters on {'sp': ..., 'doc': ...}."""
    from signac_collection import Collection

    jobs = Collection(
        [
            {"_id": "j1", "sp": {"a": 1, "b": {"c": 2}}, "doc": {"done": True}},
            {"_id": "j2", "sp": {"a": 2, "b": {"c": 2}}, "doc": {}},
        ]
    )
    f = add_prefix("sp.", parse_filter("a 1"), ("sp", "doc"))
    assert jobs.find_ids(f) == ["j1"]
    f = add_prefix("sp.", {"b": {"c": 2}, "doc.done": {"$exists": False}}, ("sp", "doc"))
    assert jobs.find_ids(f) == ["j2"]
