"""Conformance with the signac 1.7 documentation of ``signac.Collection``.

Section 1.3.4 "The Collection" of the signac 1.7 API reference, plus the
changelog entries that concern the Collection. Each documented signature is
asserted (parameter names, order, defaults), each documented example is run
(adapted to a temporary directory), and each documented return value or
exception is checked. Behaviour already covered in depth elsewhere (every
operator: ``test_filters.py``; every open-mode: ``test_files.py``) is only
exercised here in the spec's own words.

Deliberate deviations from the spec are asserted as such and listed in the
README ("Differences from signac 1.7").
"""

import gc
import gzip
import inspect
import io
import json
import sys
import warnings

import pytest

from signac_collection import Collection, _CollectionSearchResults

REQUIRED = inspect.Parameter.empty

# name -> the documented parameters (name, default), in order, without self/cls.
SPEC_SIGNATURES = {
    "__init__": [("docs", None), ("primary_key", "_id"), ("compresslevel", 0), ("_trust", False)],
    "clear": [],
    "close": [],
    "delete_many": [("filter", REQUIRED)],
    "delete_one": [("filter", REQUIRED)],
    # documented default: sys.stdout (bound at import time); ours: None, meaning
    # the sys.stdout of the moment of the call (see test_dump_default_is_stdout)
    "dump": [("file", None)],
    "find": [("filter", None), ("limit", 0)],
    "find_one": [("filter", None)],
    "flush": [],
    "index": [("key", REQUIRED), ("build", False)],
    "insert_one": [("doc", REQUIRED)],
    # documented: main(); ours adds an optional argv (default: sys.argv[1:])
    "main": [("argv", None)],
    "open": [("filename", REQUIRED), ("mode", None), ("compresslevel", None)],
    "read_json": [("file", None)],
    "replace_one": [("filter", REQUIRED), ("replacement", REQUIRED), ("upsert", False)],
    "to_json": [("file", None)],
    "update": [("docs", REQUIRED)],
}


def _params(func):
    params = list(inspect.signature(func).parameters.values())
    if params and params[0].name in ("self", "cls"):
        params = params[1:]
    for p in params:
        assert p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD, (func, p)
    return [(p.name, p.default) for p in params]


@pytest.mark.parametrize("name", sorted(SPEC_SIGNATURES))
def test_signature(name):
    func = getattr(Collection, name)
    assert _params(func) == SPEC_SIGNATURES[name]
    assert inspect.getdoc(func), f"Collection.{name} has no docstring"


@pytest.mark.parametrize("name", ["open", "read_json"])
def test_classmethods(name):
    assert isinstance(inspect.getattr_static(Collection, name), classmethod)


@pytest.mark.parametrize("name", ["primary_key", "ids"])
def test_properties(name):
    assert isinstance(inspect.getattr_static(Collection, name), property)


def test_constructor_raises_value_error_for_a_string():
    with pytest.raises(ValueError):
        Collection("collection.txt")


MEMBERS = [
    {"name": "John", "age": 32},
    {"name": "Alice", "age": 28},
    {"name": "Kevin", "age": 32},
]


def test_class_docstring_examples(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    member_collection = Collection(MEMBERS)
    for doc in member_collection.find({"age": 32}):
        print(doc["name"])
    assert capsys.readouterr().out.split() == ["John", "Kevin"]

    collection = member_collection
    for doc in collection:
        print(json.dumps(doc))
    assert [json.loads(x) for x in capsys.readouterr().out.splitlines()] == list(collection)

    # "The collection file is by default opened in a+ mode ... created if it does not exist"
    with Collection.open("collection.txt") as collection:
        assert len(collection.find({"age": 32})) == 0
        collection.update(MEMBERS)
    assert (tmp_path / "collection.txt").is_file()
    with Collection.open("collection.txt") as collection:
        assert sorted(d["name"] for d in collection.find({"age": 32})) == ["John", "Kevin"]


def test_primary_key_and_ids():
    c = Collection(MEMBERS)
    assert c.primary_key == "_id"
    ids = c.ids
    assert iter(ids) is ids  # an iterator
    assert sorted(ids) == sorted(doc["_id"] for doc in c)
    c = Collection([{"name": "x"}], primary_key="name")
    assert c.primary_key == "name"
    assert list(c.ids) == ["x"]
    assert c["x"] == {"name": "x"}


def test_clear():
    c = Collection(MEMBERS)
    c.clear()
    assert len(c) == 0 and list(c) == []


def test_delete_one_and_delete_many():
    c = Collection(MEMBERS)
    c.delete_one({"age": 32})
    assert len(c) == 2 and len(c.find({"age": 32})) == 1
    c.delete_many({"age": {"$gt": 0}})
    assert len(c) == 0


def test_dump_example(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    collection = Collection(MEMBERS)
    with open("my_collection.txt", "w") as file:
        collection.dump(file)
    lines = (tmp_path / "my_collection.txt").read_text().splitlines()
    assert [json.loads(line) for line in lines] == list(collection)


def test_dump_default_is_stdout(monkeypatch):
    """The documented default is sys.stdout; ours is the sys.stdout of the call."""
    buf = io.StringIO()
    monkeypatch.setattr(sys, "stdout", buf)
    Collection([{"_id": "x", "a": 1}]).dump()
    assert json.loads(buf.getvalue()) == {"_id": "x", "a": 1}


def test_find_examples():
    collection = Collection([{"nested": {"value": 42}}, {"nested": {"value": 41}}, {"a": 1}])
    docs = collection.find({"nested.value": 42})
    assert [d["nested"] for d in docs] == [{"value": 42}]
    assert isinstance(docs, _CollectionSearchResults)
    assert len(docs) == 1
    assert list(docs) == list(docs)  # iterated over multiple times
    assert len(collection.find(limit=2)) == 2
    assert len(collection.find(None, 0)) == 3


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        # the operator examples of the documentation of find(), verbatim
        ({"a": {"$lt": 5}}, ["a4", "a4b5", "a1.5"]),
        ({"$or": [{"a": 4}, {"b": {"$gt": 3}}]}, ["a4", "a4b5", "b4"]),
        ({"a": {"$exists": True}}, ["a4", "a4b5", "a6", "a1.5", "a[]"]),
        ({"a": {"$in": [0, 1, 2]}}, []),
        ({"a": {"$nin": [0, 1, 2]}}, ["a4", "a4b5", "a6", "a1.5", "a[]"]),
        ({"protocol": {"$regex": "foo"}}, ["pfoo", "pbarfoo"]),
        # the documented {"$type": str} raises TypeError in signac 1.7 (the filter is
        # JSON-normalised): the type is named, see test_type_takes_names_not_classes
        ({"protocol": {"$type": "str"}}, ["pfoo", "pbarfoo", "pbar"]),
        ({"foo": {"$where": "lambda x: x.startswith('bar')"}}, ["fbar"]),
        # "Other types that can be checked are: int, float, bool, list, and null."
        ({"a": {"$type": "int"}}, ["a4", "a4b5", "a6"]),
        ({"a": {"$type": "float"}}, ["a1.5"]),
        ({"protocol": {"$type": "bool"}}, ["ptrue"]),
        ({"a": {"$type": "list"}}, ["a[]"]),
        ({"protocol": {"$type": "null"}}, ["pnull"]),
        # the Arithmetic Operators
        ({"a": {"$eq": 4}}, ["a4", "a4b5"]),
        ({"a": {"$ne": 4}}, ["a6", "a1.5", "a[]"]),
        ({"a": {"$gt": 4}}, ["a6"]),
        ({"a": {"$gte": 4}}, ["a4", "a4b5", "a6"]),
        ({"a": {"$lte": 4}}, ["a4", "a4b5", "a1.5"]),
        ({"$and": [{"a": 4}, {"b": {"$gt": 3}}]}, ["a4b5"]),
    ],
)
def test_documented_operators(filter, expected):
    docs = [
        {"_id": "a4", "a": 4},
        {"_id": "a4b5", "a": 4, "b": 5},
        {"_id": "b4", "b": 4},
        {"_id": "a6", "a": 6},
        {"_id": "a1.5", "a": 1.5},
        {"_id": "a[]", "a": []},
        {"_id": "pfoo", "protocol": "foo"},
        {"_id": "pbarfoo", "protocol": "barfoo"},
        {"_id": "pbar", "protocol": "bar"},
        {"_id": "ptrue", "protocol": True},
        {"_id": "pnull", "protocol": None},
        {"_id": "fbar", "foo": "barbaz"},
        {"_id": "fbaz", "foo": "bazbar"},
    ]
    collection = Collection(docs)
    assert [d["_id"] for d in collection.find(filter)] == expected


def test_type_takes_names_not_classes():
    """The documented ``{'$type': str}`` is not JSON: signac 1.7 raises TypeError."""
    with pytest.raises(TypeError, match="JSON serializable"):
        Collection(MEMBERS).find({"name": {"$type": str}})


@pytest.mark.parametrize("filter", [["age"], {"age": {"$foo": 1}}, {"$or": {"a": 1}}])
def test_invalid_filters_raise_value_error(filter):
    c = Collection(MEMBERS)
    with pytest.raises(ValueError):
        c.find(filter)
    with pytest.raises(ValueError):
        c.find_one(filter)
    with pytest.raises(ValueError):
        c.replace_one(filter, {})


def test_find_one_example(capsys):
    collection = Collection(MEMBERS)
    for my_filter, found in [({"age": 28}, True), ({"age": 99}, False)]:
        doc = collection.find_one(my_filter)
        if doc is None:
            print("No result found for filter", my_filter)
        else:
            print("Doc matching filter:", my_filter, doc)
        assert (doc is not None) == found
    out = capsys.readouterr().out
    assert "Doc matching filter: {'age': 28}" in out and "No result found" in out
    assert isinstance(collection.find_one(), dict)


def test_flush_and_close_write_the_file(tmp_path):
    path = tmp_path / "c.txt"
    collection = Collection.open(str(path))
    collection.insert_one({"_id": "x"})
    collection.flush()
    assert json.loads(path.read_text()) == {"_id": "x"}
    collection.insert_one({"_id": "y"})
    collection.close()
    assert len(path.read_text().splitlines()) == 2
    # "It is not possible to re-open the same collection instance after closing it."
    # (signac 1.7 raises RuntimeError)
    with pytest.raises(RuntimeError):
        collection.flush()
    with pytest.raises(RuntimeError):
        collection.insert_one({"_id": "z"})


def test_index_example(capsys):
    member_collection = Collection(MEMBERS)
    with pytest.raises(KeyError):
        member_collection.index("age")  # not built yet, build=False
    member_collection.find({"age": 32})  # builds the index it needs
    age_index = member_collection.index("age")
    for _id in age_index[32]:
        print(member_collection[_id]["name"])
    assert sorted(capsys.readouterr().out.split()) == ["John", "Kevin"]
    # always current with the latest state of the collection
    _id = member_collection.insert_one({"name": "Eve", "age": 32})
    assert _id in age_index[32]
    assert set(member_collection.index("name", build=True)["Eve"]) == {_id}


def test_insert_one_example():
    collection = Collection()
    doc = {"a": 1}
    _id = collection.insert_one(doc)
    assert _id in collection
    assert isinstance(_id, str)
    assert doc["_id"] == _id  # the document was directly updated
    assert collection[_id] == {"a": 1, "_id": _id}


def test_main_example(tmp_path):
    import subprocess

    path = tmp_path / "my_collection.txt"
    with Collection.open(str(path)) as c:
        c.update(MEMBERS)
    script = tmp_path / "find.py"
    script.write_text(
        "from signac_collection import Collection\n"
        "with Collection.open('my_collection.txt') as c:\n"
        "    c.main()\n"
    )
    run = subprocess.run(
        [sys.executable, "find.py", '{"age": 32}'],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    docs = [json.loads(line) for line in run.stdout.splitlines()]
    assert [(d["name"], d["age"]) for d in docs] == [("John", 32), ("Kevin", 32)]
    with pytest.raises(ValueError):
        Collection(MEMBERS).main(["--id", "--indent", "2"])


def test_open_examples(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    my_docs = MEMBERS
    with Collection.open("collection.txt") as collection:
        for doc in collection:
            print(doc)
        assert len(collection) == 0  # the file is new
        collection.update(my_docs)
    # All changes to the collection have been written to collection.txt.
    assert len((tmp_path / "collection.txt").read_text().splitlines()) == 3
    ro = Collection.open("collection.txt", "r")
    assert isinstance(ro, Collection) and len(ro) == 3
    ro.insert_one({})  # signac 1.7: in memory; writing it is refused
    with pytest.raises(OSError):
        ro.close()
    # gzip files: binary modes only, "wt" is not available (RuntimeError) ...
    with pytest.raises(RuntimeError):
        Collection.open("collection.txt.gz", "wt")
    with pytest.raises(RuntimeError):
        Collection.open("collection.txt", "a+", compresslevel=5)
    with Collection.open("collection.txt.gz", "wb") as collection:
        collection.update(my_docs)
    with gzip.open("collection.txt.gz", "rt") as file:
        assert len(file.read().splitlines()) == 3
    with Collection.open("collection.txt.gz", "rb") as collection:
        assert len(collection) == 3
    # ... and "wb" erases the file, like "w"/"wt" for plain files
    Collection.open("collection.txt.gz", "wb").close()
    assert len(Collection.open("collection.txt.gz", "rb")) == 0
    Collection.open("collection.txt", "wt").close()
    assert (tmp_path / "collection.txt").read_text() == ""
    # an in-memory collection takes no open-mode
    assert len(Collection.open(":memory:")) == 0
    with pytest.raises(RuntimeError):
        Collection.open(":memory:", "a+")


def test_read_json_and_to_json(tmp_path):
    c = Collection(MEMBERS)
    blob = c.to_json()
    assert isinstance(blob, str) and json.loads(blob) == list(c)
    fn = str(tmp_path / "c.json")
    assert c.to_json(fn) is None
    for file in (fn, io.StringIO(blob)):
        d = Collection.read_json(file)
        assert isinstance(d, Collection) and list(d) == list(c)


def test_replace_one_returns_the_id():
    c = Collection(MEMBERS)
    _id = c.find_one({"name": "Alice"})["_id"]
    assert c.replace_one({"name": "Alice"}, {"name": "Alice", "age": 29}) == _id
    assert c[_id] == {"name": "Alice", "age": 29, "_id": _id}
    assert c.replace_one({"name": "Bob"}, {"name": "Bob"}) is None
    assert len(c) == 3
    new = c.replace_one({"name": "Bob"}, {"name": "Bob"}, upsert=True)
    assert new in c and c[new]["name"] == "Bob"


def test_update_replaces_documents_with_the_same_primary_key():
    c = Collection([{"_id": "a", "x": 1}])
    c.update([{"_id": "a", "x": 2}, {"_id": "b", "x": 3}, {"x": 4}])
    assert len(c) == 3
    assert c["a"] == {"_id": "a", "x": 2}


# -- changelog entries ------------------------------------------------------------


def test_whole_numbers_match_across_int_and_float():
    """1.0: searches for whole numbers match integers stored as decimals (#169)."""
    c = Collection([{"_id": "i", "a": 1}, {"_id": "f", "a": 1.0}, {"_id": "h", "a": 1.5}])
    assert [d["_id"] for d in c.find({"a": 1})] == ["i", "f"]
    assert [d["_id"] for d in c.find({"a": 1.0})] == ["i", "f"]
    assert [d["_id"] for d in c.find({"a": {"$in": [1]}})] == ["i", "f"]


def test_type_of_differently_typed_numbers_under_one_key():
    """0.9.3: int and float under one key are indexed correctly for $type."""
    c = Collection([{"_id": "i", "a": 1}, {"_id": "f", "a": 1.0}])
    assert [d["_id"] for d in c.find({"a": {"$type": "int"}})] == ["i"]
    assert [d["_id"] for d in c.find({"a": {"$type": "float"}})] == ["f"]


def test_near_operator():
    """0.9.3: $near matches numbers up to a precision: [value, rel_tol, abs_tol]."""
    c = Collection([{"_id": "a", "x": 1.0}, {"_id": "b", "x": 1.05}, {"_id": "c", "x": 2}])
    assert [d["_id"] for d in c.find({"x": {"$near": 1}})] == ["a"]
    assert [d["_id"] for d in c.find({"x": {"$near": [1, 0.1]}})] == ["a", "b"]
    assert [d["_id"] for d in c.find({"x": {"$near": [1.9, 0, 0.2]}})] == ["c"]


def test_documents_without_id_are_accepted():
    """0.9.0: iterables used to construct a Collection no longer require an _id."""
    c = Collection([{"a": 1}, {"a": 2}])
    assert len(set(c.ids)) == 2


def test_dots_in_keys_are_not_allowed():
    """1.0: dots in keys are no longer allowed for Collection keys."""
    with pytest.raises(ValueError):
        Collection([{"a.b": 1}])
    with pytest.raises(ValueError):
        Collection().insert_one({"a": {"b.c": 1}})


def test_no_resource_warning_for_an_unclosed_collection(tmp_path):
    """1.0: no ResourceWarning from an unclosed instance of Collection (#186)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        c = Collection.open(str(tmp_path / "c.txt"))
        c.insert_one({"a": 1})
        del c
        gc.collect()


def test_append_mode_does_not_truncate(tmp_path):
    """0.6: a collection opened for appending keeps what the file holds (#66)."""
    path = str(tmp_path / "c.txt")
    for i in range(3):
        with Collection.open(path, "a") as c:
            c.insert_one({"i": i})
    with Collection.open(path, "r") as c:
        assert sorted(d["i"] for d in c) == [0, 1, 2]


def test_nested_filter_arguments():
    """0.8: nested filter arguments in find() raise no TypeError."""
    c = Collection([{"_id": "x", "a": {"b": {"c": 2}}}, {"_id": "y", "a": {"b": 1}}])
    assert [d["_id"] for d in c.find({"a": {"b": {"c": {"$gt": 1}}}})] == ["x"]
    assert [d["_id"] for d in c.find({"a": {"b": {"$gt": 0}}})] == ["y"]


def test_generated_primary_keys_are_unique_strings():
    """0.8: primary keys come from an internal counter (no UUIDs)."""
    c = Collection()
    ids = [c.insert_one({}) for _ in range(100)]
    assert len(set(ids)) == 100 and all(isinstance(i, str) for i in ids)


def test_stored_results_follow_changes_of_the_collection():
    """A stored find() result agrees with the collection when it is used.

    Its length and its documents agree, and every document it yields matches
    the filter, also after the collection changed.
    """
    c = Collection([{"_id": "x", "a": 1}, {"_id": "y", "a": 1}, {"_id": "w", "a": 0}])
    docs = c.find({"a": 1})
    limited = c.find({"a": 1}, limit=1)
    assert len(docs) == 2 and [d["_id"] for d in limited] == ["x"]
    c["x"] = {"a": 2}
    del c["y"]
    c.insert_one({"_id": "z", "a": 1})
    c.replace_one({"_id": "w"}, {"a": 1.0})
    assert [d["_id"] for d in docs] == ["w", "z"]
    assert len(docs) == 2 and docs.count() == 2 and docs.ids == ["w", "z"]
    assert [d["_id"] for d in limited] == ["w"]
    c.clear()
    assert len(docs) == 0 and list(docs) == []
    # deleting while iterating skips the deleted documents
    c.update([{"_id": str(i), "a": 1} for i in range(3)])
    seen = []
    for doc in docs:
        seen.append(doc["_id"])
        c.delete_many({"_id": {"$ne": doc["_id"]}})
    assert seen == ["0"]


def test_update_with_an_invalid_document_changes_nothing():
    """Bad input gets a clear error and leaves the collection (and its file) as it was."""
    from types import MappingProxyType

    c = Collection([{"_id": "a", "x": 1}])
    for bad, error in [
        ([{"_id": "a", "x": 2}, {"b.c": 1}], ValueError),
        ([{"_id": "a", "x": 2}, {"y": object()}], TypeError),
        ([{"_id": "a", "x": 2}, "not a document"], TypeError),
        ([{"x": 2}, MappingProxyType({"x": 3})], TypeError),
    ]:
        with pytest.raises(error):
            c.update(bad)
        assert list(c) == [{"_id": "a", "x": 1}]
        assert bad[0].get("_id", "a") == "a"  # no primary key was assigned
    # generated primary keys do not collide with keys given in the same batch
    c = Collection()
    docs = [{"n": 0}, {"_id": f"{0:032x}", "n": 1}, {"_id": f"{1:032x}", "n": 2}]
    c.update(docs)
    assert len(c) == 3 and sorted(d["n"] for d in c) == [0, 1, 2]


def test_generated_keys_never_shadow_given_keys(tmp_path):
    """Documents without a primary key are never replaced by a later given one."""
    given = {"_id": f"{0:032x}", "b": 2}
    c = Collection([{"a": 1}, given])
    assert len(c) == 2 and c[given["_id"]] == given
    path = tmp_path / "c.txt"
    path.write_text('{"a": 1}\n' + json.dumps(given) + "\n")
    with Collection.open(str(path)) as c:
        assert len(c) == 2 and c[given["_id"]] == given
