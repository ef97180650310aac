"""Every method of Collection (in memory)."""

import io
import json

import pytest

import signac_collection
from signac_collection import (
    Collection,
    DuplicateKeyError,
    InvalidDocumentError,
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


def test_constructor_does_not_mutate_docs_and_keeps_given_ids():
    docs = [{"a": 1}, {"_id": "x", "a": 2}]
    c = Collection(docs)
    assert docs == [{"a": 1}, {"_id": "x", "a": 2}]
    assert "x" in c
    assert c["x"] == {"_id": "x", "a": 2}


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
        ({"a.b": 1}, InvalidDocumentError),
        ({"a": {"b.c": 1}}, InvalidDocumentError),
        ({1: 1}, TypeError),
        ({"a": object()}, TypeError),
        ({"a": {1, 2}}, TypeError),
        ({"_id": [1]}, TypeError),
        ({"_id": 1.5}, InvalidDocumentError),
        ({"_id": None}, InvalidDocumentError),
        ([1, 2], TypeError),
    ],
)
def test_invalid_documents(doc, error):
    c = Collection([{"_id": "keep"}])
    with pytest.raises(error):
        c.insert_one(doc)
    assert list(c) == [{"_id": "keep"}]


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


def test_numpy_values_become_json():
    np = pytest.importorskip("numpy")
    c = Collection([{"_id": "x", "a": np.int64(3), "b": np.array([1.5, 2.0]), "c": np.bool_(True)}])
    doc = c["x"]
    assert doc == {"_id": "x", "a": 3, "b": [1.5, 2.0], "c": True}
    assert type(doc["a"]) is int and type(doc["c"]) is bool
    assert c.find_ids({"a": 3}) == ["x"]


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
    assert len(age) == 4
    assert set(age) == {32, 28, True, (1,)}
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
        c.insert_one({"a": 1})
        c.flush()
    c.close()
    assert len(c) == 1
    assert isinstance(Collection.open(":memory:"), Collection)
    with pytest.raises(RuntimeError):
        Collection.open(":memory:", "r")


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
    c = Collection([{"_id": 1, "a": 1}, {"_id": "x", "a": 2}, {"_id": 2}])
    assert c.find_ids({"_id": 1}) == [1]
    assert c.find_ids({"_id": "x"}) == ["x"]
    assert c.find_ids({"_id": True}) == []
    assert c.find_ids({"_id": 1.0}) == [1]
    assert c.find_ids({"_id": "nope"}) == []
    assert c.find_ids({"_id": {"$in": [1, "x"]}, "a": {"$gt": 1}}) == ["x"]
    assert c.find_ids({"$or": [{"_id": 2}, {"a": 1}]}) == [1, 2]
    c.delete_one({"_id": "x"})
    assert c.find_ids({"_id": "x"}) == []
