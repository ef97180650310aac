"""Every method of Collection (in memory)."""

import array
import gzip
import io
import json

import pytest

import signac_collection
from signac_collection import (
    Collection,
    DuplicateKeyError,
    InvalidKeyError,
)


def members():
    return [
        {"name": "John", "age": 32},
        {"name": "Alice", "age": 28},
        {"name": "Kevin", "age": 32},
    ]


def test_spec_example():
    c = Collection(members())
    assert sorted(doc["name"] for doc in c.find({"age": 32})) == ["John", "Kevin"]
    assert len(c) == 3
    assert all("_id" in doc for doc in c)


def test_constructor_rejects_string():
    with pytest.raises(ValueError, match="Collection.open"):
        Collection("collection.txt")


def test_constructor_sets_generated_ids_on_the_documents_and_keeps_given_ids():
    """Fact 1: the generated key (32 hex digits) is written into each given dict lacking one."""
    docs = [{"a": 1}, {"_id": "x", "a": 2}, {"a": 3}]
    c = Collection(docs)
    assert [d["_id"] for d in docs][1] == "x"
    for doc in (docs[0], docs[2]):
        assert len(doc["_id"]) == 32 and int(doc["_id"], 16) >= 0
        assert c[doc["_id"]] == doc
    assert docs[0]["_id"] != docs[2]["_id"]
    assert c["x"] == {"_id": "x", "a": 2}
    docs[0]["a"] = 99  # a copy is stored
    assert c[docs[0]["_id"]]["a"] == 1


def test_setitem_sets_the_key_on_the_document_then_stores_a_json_copy():
    """Fact 1: ``c[id] = doc`` sets ``_id`` on the caller's dict first."""
    c = Collection()
    doc = {"a": (1, 2), "b": {1: "x"}}
    c["k"] = doc
    assert doc["_id"] == "k"
    assert c["k"] == {"_id": "k", "a": [1, 2], "b": {"1": "x"}}
    doc2 = {"a": 1}
    c["j"] = doc2
    assert c["j"] == doc2
    doc2["a"] = 2
    assert c["j"]["a"] == 1


def test_setitem_trusted_stores_the_dict_itself():
    """Fact 6: ``__setitem__(id, doc, _trust=True)`` stores the caller's dict, unvalidated."""
    c = Collection()
    doc = {"a": (1, 2)}
    c.__setitem__("k", doc, _trust=True)
    assert c._docs["k"] is doc
    assert doc["_id"] == "k"
    assert c.find_ids({"a": [1, 2]}) == ["k"]


def test_constructor_primary_key():
    c = Collection([{"k": "a", "v": 1}, {"k": "b", "v": 2}], primary_key="k")
    assert c.primary_key == "k"
    assert c["b"] == {"k": "b", "v": 2}
    assert set(c.ids) == {"a", "b"}
    doc = {"v": 3}
    _id = c.insert_one(doc)
    assert doc["k"] == _id
    assert Collection().primary_key == "_id"


@pytest.mark.parametrize("pk", ["", "a.b", 1])
def test_constructor_bad_primary_key(pk):
    with pytest.raises(ValueError):
        Collection(primary_key=pk)


def test_trusted_documents_are_stored_as_given():
    docs = [{"a": 1}, {"_id": "x", "a": 2}]
    c = Collection(docs, _trust=True)
    assert "_id" in docs[0]
    assert c.find_ids({"a": 2}) == ["x"]


def test_insert_one_assigns_primary_key_on_the_document():
    c = Collection()
    doc = {"a": 1}
    _id = c.insert_one(doc)
    assert doc["_id"] == _id
    assert isinstance(_id, str)
    assert _id in c
    assert c[_id] == doc


def test_insert_one_requires_mutable_doc_without_id():
    from types import MappingProxyType

    c = Collection()
    with pytest.raises(TypeError):
        c.insert_one(MappingProxyType({"a": 1}))
    assert len(c) == 0
    c2 = Collection()
    c2.insert_one(MappingProxyType({"_id": "x", "a": 1}))
    assert c2["x"] == {"_id": "x", "a": 1}


def test_insert_one_duplicate_key():
    c = Collection([{"_id": "x"}])
    with pytest.raises(DuplicateKeyError):
        c.insert_one({"_id": "x", "a": 1})
    assert c["x"] == {"_id": "x"}


def test_insert_one_generated_ids_skip_existing():
    c = Collection([{"_id": f"{0:032x}"}])
    _id = c.insert_one({})
    assert _id != f"{0:032x}"
    assert len(c) == 2


@pytest.mark.parametrize(
    ("doc", "error"),
    [
        ({"a.b": 1}, InvalidKeyError),
        ({"a": {"b.c": 1}}, InvalidKeyError),
        ({"a": [{"b.c": 1}]}, InvalidKeyError),
        ({1.5: 1}, InvalidKeyError),  # the key becomes "1.5"
        ({("a",): 1}, TypeError),
        ({"a": object()}, TypeError),
        ({"a": {1, 2}}, TypeError),
        ({"a": array.array("i", [1])}, TypeError),
        ({"_id": [1]}, TypeError),
        ({"_id": 1}, TypeError),
        ({"_id": 1.5}, TypeError),
        ({"_id": None}, TypeError),
        ([1, 2], TypeError),
    ],
)
def test_invalid_documents(doc, error):
    """Facts 2 and 3: only what json.dumps accepts; a dotted key raises InvalidKeyError."""
    c = Collection([{"_id": "keep"}])
    with pytest.raises(error):
        c.insert_one(doc)
    with pytest.raises(error):
        c.update([{"_id": "new"}, doc])
    with pytest.raises(error):
        c.replace_one({"_id": "keep"}, doc)
    with pytest.raises(error):
        Collection([doc])
    if isinstance(doc, dict) and "_id" not in doc:
        with pytest.raises(error):
            c["new"] = doc
    assert list(c) == [{"_id": "keep"}]


def test_dotted_keys_raise_the_synced_collections_error():
    """Fact 3: the class is synced_collections' InvalidKeyError (signac.errors'), a ValueError."""
    from synced_collections.errors import InvalidKeyError as SyncedInvalidKeyError

    assert InvalidKeyError is SyncedInvalidKeyError
    assert issubclass(InvalidKeyError, ValueError)
    assert signac_collection.errors.InvalidKeyError is SyncedInvalidKeyError


def test_documents_are_normalised_by_a_json_round_trip():
    """Fact 2: tuples become lists, non-str keys strings."""
    c = Collection()
    _id = c.insert_one({"t": (1, (2, 3)), "k": {1: "a", None: "b", False: "c"}, "f": float("nan")})
    doc = c[_id]
    assert doc["t"] == [1, [2, 3]] and doc["k"] == {"1": "a", "null": "b", "false": "c"}
    assert doc["f"] != doc["f"]


@pytest.mark.parametrize("key", [0, 1.0, None, ("a",)])
def test_non_str_primary_key_raises_type_error(key):
    """Fact 2: ``c[0] = ...``, ``c[1.0] = ...`` raise TypeError."""
    c = Collection()
    with pytest.raises(TypeError):
        c[key] = {"a": 1}
    assert len(c) == 0


def test_documents_are_copied_in_and_out():
    c = Collection()
    doc = {"a": {"b": [1, 2]}}
    _id = c.insert_one(doc)
    doc["a"]["b"].append(3)
    assert c[_id]["a"]["b"] == [1, 2]
    out = c[_id]
    out["a"]["b"].append(4)
    next(iter(c))["a"]["b"].append(5)
    next(iter(c.find()))["a"]["b"].append(6)
    c.find_one()["a"]["b"].append(7)
    assert c[_id]["a"]["b"] == [1, 2]
    assert c.find_ids({"a.b": [1, 2]}) == [_id]


def test_numpy_values_other_than_float64_raise_type_error():
    """Fact 2: numpy.float64 is a float and accepted; other NumPy values are not JSON."""
    np = pytest.importorskip("numpy")
    c = Collection([{"_id": "x", "a": np.float64(1.5)}])
    assert c["x"] == {"_id": "x", "a": 1.5} and type(c["x"]["a"]) is float
    for value in (np.int64(3), np.array([1.5, 2.0]), np.bool_(True), np.float32(1)):
        with pytest.raises(TypeError):
            c.insert_one({"a": value})
    assert len(c) == 1


def test_replace_one():
    c = Collection([{"_id": "x", "a": 1}, {"_id": "y", "a": 1}])
    assert c.replace_one({"a": 1}, {"a": 2}) == "x"
    assert c["x"] == {"_id": "x", "a": 2}
    assert c.find_ids({"a": 2}) == ["x"]
    assert c.replace_one({"a": 3}, {"a": 4}) is None
    assert len(c) == 2
    assert c.replace_one({"_id": "y"}, {"_id": "y", "b": 1}) == "y"
    assert c["y"] == {"_id": "y", "b": 1}
    with pytest.raises(ValueError, match="differs"):
        c.replace_one({"_id": "y"}, {"_id": "z"})


def test_replace_one_upsert():
    c = Collection([{"_id": "x", "a": 1}])
    new = {"a": 5}
    _id = c.replace_one({"a": 3}, new, upsert=True)
    assert _id in c and new["_id"] == _id
    assert c.replace_one({"a": 1}, {"a": 6}, upsert=True) == "x"
    assert len(c) == 2
    with pytest.raises(ValueError):
        c.replace_one({"$bad": 1}, {"a": 1}, upsert=True)


def test_update_upserts_by_primary_key():
    c = Collection([{"_id": "x", "a": 1}])
    docs = [{"_id": "x", "a": 2}, {"_id": "y", "a": 3}, {"a": 4}]
    c.update(docs)
    assert len(c) == 3
    assert c["x"]["a"] == 2
    assert c["y"]["a"] == 3
    assert c[docs[2]["_id"]]["a"] == 4
    assert c.find_ids({"a": {"$gte": 2}}) == ["x", "y", docs[2]["_id"]]


def test_delete_one_and_many():
    c = Collection([{"_id": str(i), "a": i % 2} for i in range(6)])
    c.delete_one({"a": 1})
    assert c.ids and "1" not in c
    c.delete_one({"a": 7})
    assert len(c) == 5
    c.delete_many({"a": 0})
    assert sorted(c.ids) == ["3", "5"]
    c.delete_many(None)
    assert len(c) == 0
    with pytest.raises(ValueError):
        c.delete_many({"a": {"$foo": 1}})


def test_clear():
    c = Collection(members())
    c.index("age", build=True)
    c.clear()
    assert len(c) == 0
    assert dict(c.index("age")) == {}
    c.insert_one({"age": 3})
    assert len(c.find({"age": 3})) == 1


def test_find_limit_and_order():
    c = Collection([{"_id": f"{i:03}", "a": i % 3} for i in range(30)])
    assert c.find_ids({"a": 0}) == [f"{i:03}" for i in range(0, 30, 3)]
    assert c.find_ids({"a": 0}, limit=2) == ["000", "003"]
    assert len(c.find({"a": 0}, limit=2)) == 2
    assert len(c.find(limit=5)) == 5
    assert c.find_ids({"a": 1}, limit=0) == [f"{i:03}" for i in range(1, 30, 3)]
    with pytest.raises(ValueError):
        c.find(limit=-1)
    with pytest.raises(TypeError):
        c.find(limit="1")


def test_find_results_are_reiterable_with_len():
    c = Collection(members())
    docs = c.find({"age": 32})
    assert len(docs) == 2
    first = list(docs)
    assert list(docs) == first
    assert docs.count() == 2
    assert len(docs.ids) == 2
    assert "2 documents" in repr(docs)
    c.delete_many({"name": "John"})
    assert [d["name"] for d in docs] == ["Kevin"]


def test_find_one():
    c = Collection(members())
    assert c.find_one({"age": 28})["name"] == "Alice"
    assert c.find_one({"age": 99}) is None
    assert c.find_one()["name"] == "John"
    with pytest.raises(ValueError):
        c.find_one({"$nope": 1})


def test_mapping_protocol_by_primary_key():
    c = Collection()
    c["a"] = {"x": 1}
    assert c["a"] == {"_id": "a", "x": 1}
    assert "a" in c and "b" not in c and [1] not in c
    c["a"] = {"_id": "a", "x": 2}
    assert c.find_ids({"x": 2}) == ["a"]
    with pytest.raises(ValueError, match="differs"):
        c["a"] = {"_id": "b"}
    with pytest.raises(KeyError):
        c["nope"]
    with pytest.raises(KeyError):
        del c["nope"]
    del c["a"]
    assert len(c) == 0
    assert list(c) == []
    assert "documents=0" in repr(c)


def test_ids_iterator():
    c = Collection(members())
    ids = c.ids
    assert iter(ids) is ids
    assert len(list(ids)) == 3


def test_index():
    c = Collection([{"_id": str(i), "age": age} for i, age in enumerate([32, 28, 32.0, True, [1]])])
    with pytest.raises(KeyError):
        c.index("age")
    age = c.index("age", build=True)
    assert age[32] == {"0", "2"}
    assert age[True] == {"3"}
    assert age[[1]] == {"4"} and age[(1,)] == {"4"}
    assert 28 in age and 99 not in age and {1} not in age
    assert len(age) == 5  # 32 and 32.0 apart (as in signac 1.7), equal for lookups
    assert list(age) == [32, 28, 32.0, True, (1,)]
    with pytest.raises(KeyError):
        age[99]
    with pytest.raises(KeyError):
        age[{1}]
    assert "age" in repr(age)
    # the view is live: it follows every change
    c.insert_one({"_id": "5", "age": 28})
    assert age[28] == {"1", "5"}
    c["1"] = {"age": 40}
    assert age[28] == {"5"} and age[40] == {"1"}
    c.replace_one({"_id": "5"}, {"other": 1})
    assert 28 not in age
    c.update([{"_id": "0", "age": 1}])
    assert age[32] == {"2"}
    c.delete_one({"_id": "2"})
    assert 32 not in age
    c.delete_many({"age": {"$exists": True}})
    assert len(age) == 0
    assert c.index("age") is not None


def test_find_builds_indexes():
    c = Collection(members())
    c.find({"age": 32})
    assert c.index("age")[32]
    c.find({"$or": [{"name": "x"}, {"a.b": 1}]})
    c.index("name")
    c.index("a.b")


def test_nested_index_kept_current():
    c = Collection([{"_id": "x", "a": {"b": 1}}, {"_id": "y", "a": 5}])
    idx = c.index("a.b", build=True)
    assert dict(idx) == {1: {"x"}}
    c["y"] = {"a": {"b": 2}}
    assert c.find_ids({"a.b": {"$gt": 1}}) == ["y"]
    assert idx[2] == {"y"}


def test_dump():
    c = Collection([{"_id": "x", "a": 1}, {"_id": "y", "a": [1, None]}])
    buf = io.StringIO()
    c.dump(buf)
    assert [json.loads(line) for line in buf.getvalue().splitlines()] == list(c)


def test_dump_to_stdout(capsys):
    Collection([{"_id": "x"}]).dump()
    assert json.loads(capsys.readouterr().out) == {"_id": "x"}


def test_to_json_read_json(tmp_path):
    c = Collection([{"_id": "x", "a": 1}, {"_id": "y", "b": {"c": [1.5]}}])
    blob = c.to_json()
    assert json.loads(blob) == list(c)
    assert list(Collection.read_json(io.StringIO(blob))) == list(c)
    path = tmp_path / "c.json"
    assert c.to_json(str(path)) is None
    assert list(Collection.read_json(str(path))) == list(c)
    assert list(Collection.read_json(path)) == list(c)
    buf = io.StringIO()
    c.to_json(buf)
    assert buf.getvalue() == blob
    path.write_text('{"a": 1}')
    with pytest.raises(ValueError, match="array"):
        Collection.read_json(path)


def test_read_json_from_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO('[{"_id": "x"}]'))
    assert list(Collection.read_json()) == [{"_id": "x"}]


def test_in_memory_context_manager_and_flush():
    with Collection() as c:
        c.insert_one({"_id": "a", "a": 1})
        c.flush()
        assert c._file.getvalue() == '{"_id": "a", "a": 1}\n'
    c.close()
    assert isinstance(Collection.open(":memory:"), Collection)
    with pytest.raises(RuntimeError):
        Collection.open(":memory:", "r")


def test_in_memory_file_buffer():
    """Fact 7: ``_file`` is a StringIO (or a BytesIO of gzip data), empty until flush()."""
    c = Collection([{"_id": "a", "x": 1}, {"_id": "b", "x": [2]}])
    assert isinstance(c._file, io.StringIO) and c._file.getvalue() == ""
    c.flush()
    assert c._file.getvalue() == '{"_id": "a", "x": 1}\n{"_id": "b", "x": [2]}\n'
    del c["b"]
    c.flush()
    assert c._file.getvalue() == '{"_id": "a", "x": 1}\n'
    z = Collection([{"_id": "a"}], compresslevel=5)
    assert isinstance(z._file, io.BytesIO) and z._file.getvalue() == b""
    z.flush()
    assert gzip.decompress(z._file.getvalue()) == b'{"_id": "a"}\n'
    assert isinstance(Collection.open(":memory:", compresslevel=1)._file, io.BytesIO)


@pytest.mark.parametrize(
    "use",
    [
        lambda c: c.find(),
        lambda c: c.find_ids(),
        lambda c: c.find_one(),
        len,
        iter,
        list,
        lambda c: c["a"],
        lambda c: c.insert_one({"x": 1}),
        lambda c: c.flush(),
        lambda c: c.update([{"x": 1}]),
        lambda c: c.delete_many({}),
        lambda c: c.index("x", build=True),
    ],
)
def test_closed_collection_raises_runtime_error(use):
    """Fact 8: after close(), every use raises RuntimeError (in-memory collections too)."""
    c = Collection([{"_id": "a", "x": 1}])
    results = c.find()
    c.close()
    with pytest.raises(RuntimeError):
        use(c)
    with pytest.raises(RuntimeError):
        list(results)
    c.close()  # closing again is harmless


def test_main(capsys):
    c = Collection(
        [{"_id": "j", "name": "John", "age": 32}, {"_id": "a", "name": "Alice", "age": 28}]
    )
    c.main(['{"age": 32}'])
    assert [json.loads(x) for x in capsys.readouterr().out.splitlines()] == [c["j"]]
    c.main(["age", "28", "--id"])
    assert capsys.readouterr().out.split() == ["a"]
    c.main(["name", "/^J/", "--indent"])
    assert json.loads(capsys.readouterr().out) == c["j"]
    c.main(["--id"])
    assert capsys.readouterr().out.split() == ["j", "a"]
    c.main(["age", "--id", "--limit", "1"])
    assert capsys.readouterr().out.split() == ["j"]
    with pytest.raises(ValueError, match="--id"):
        c.main(["--id", "--indent", "2"])
    with pytest.raises(ValueError):
        c.main(["{bad}"])
    assert "Ensure that '{bad}' is valid JSON!" in capsys.readouterr().err


def test_public_api():
    for name in signac_collection.__all__:
        assert hasattr(signac_collection, name)
    assert signac_collection.JSONParseError.__module__ == "signac_collection.errors"
    assert issubclass(signac_collection.JSONParseError, ValueError)
    assert issubclass(signac_collection.InvalidFilterError, ValueError)
    assert issubclass(signac_collection.ReadOnlyError, OSError)


def test_find_by_primary_key():
    c = Collection([{"_id": "1", "a": 1}, {"_id": "x", "a": 2}, {"_id": "2"}])
    assert c.find_ids({"_id": "1"}) == ["1"]
    assert c.find_ids({"_id": "x"}) == ["x"]
    assert c.find_ids({"_id": {"$in": ["1", "x"]}, "a": {"$gt": 1}}) == ["x"]
    assert c.find_ids({"$or": [{"_id": "2"}, {"a": 1}]}) == ["1", "2"]
    c.delete_one({"_id": "x"})
    with pytest.raises(AssertionError):  # signac 1.7: a primary key naming no document
        c.find_ids({"_id": "x"})
    assert c.find_ids({"_id": "x", "a": 2}) == []
