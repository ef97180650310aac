"""Facts 7 and 8 of issue 15: fetch, fetched, export_to_mirror, export_one, export, export_pymongo."""

import hashlib
import os

import pymongo
import pytest
from pymongo import monitoring
from signac_collection import Collection

from signac_core.errors import ExportError, FetchError
from signac_core.indexing import (
    export,
    export_one,
    export_pymongo,
    export_to_mirror,
    fetch,
    fetched,
    index_files,
)
from signac_core.warnings import DeprecatedWarning

REMOVED = "will be removed in 2.0"


def quiet(function, *args, **kwargs):
    with pytest.warns(DeprecatedWarning, match=REMOVED):
        return function(*args, **kwargs)


class DirectoryMirror:
    """A mirror that keeps each file under its id in a directory."""

    FileExistsError = FileExistsError
    FileNotFoundError = FileNotFoundError

    def __init__(self, root):
        self.root = root
        self.created = []

    def new_file(self, _id):
        self.created.append(_id)
        return open(os.path.join(self.root, _id), "xb")

    def get(self, file_id, mode="r"):
        return open(os.path.join(self.root, file_id), mode)


class FlakyMirror(DirectoryMirror):
    """Fails with its AutoRetry error on the first ``failures`` calls of get."""

    AutoRetry = ConnectionError

    def __init__(self, root, failures):
        super().__init__(root)
        self.failures = failures

    def get(self, file_id, mode="r"):
        if self.failures:
            self.failures -= 1
            raise ConnectionError("try again")
        return super().get(file_id, mode)


@pytest.fixture
def docs(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_text("alpha")
    (data / "b.txt").write_text("beta")
    return sorted(quiet(lambda: list(index_files(str(data)))), key=lambda d: d["filename"])


# -- fact 7 ----------------------------------------------------------------------------------
def test_fetch_opens_the_file_of_a_doc(docs):
    with quiet(fetch, docs[0]) as file:
        assert file.read() == "alpha"
    with quiet(fetch, docs[1], mode="rb") as file:
        assert file.read() == b"beta"


def test_fetch_errors(docs):
    with pytest.warns(DeprecatedWarning), pytest.raises(ValueError):
        fetch(None)
    for doc in ({"filename": "a.txt"}, {"root": docs[0]["root"]}):
        with pytest.warns(DeprecatedWarning), pytest.raises(FetchError):
            fetch(doc)
    gone = {**docs[0], "filename": "missing.txt"}
    del gone["file_id"]
    with pytest.warns(DeprecatedWarning), pytest.raises(FetchError):
        fetch(gone)
    assert issubclass(FetchError, FileNotFoundError)


def test_fetch_from_mirrors_with_retries(docs, tmp_path):
    mirror_dir = tmp_path / "mirror"
    mirror_dir.mkdir()
    (mirror_dir / docs[0]["file_id"]).write_text("alpha")
    moved = {**docs[0], "filename": "moved-away.txt"}
    with quiet(fetch, moved, mirrors=[DirectoryMirror(str(mirror_dir))]) as file:
        assert file.read() == "alpha"
    flaky = FlakyMirror(str(mirror_dir), failures=2)
    with quiet(fetch, docs[0]["file_id"], mirrors=[flaky], num_tries=3, timeout=0) as file:
        assert file.read() == "alpha"
    flaky = FlakyMirror(str(mirror_dir), failures=3)
    with pytest.warns(DeprecatedWarning), pytest.raises(FetchError):
        fetch(docs[0]["file_id"], mirrors=[flaky], num_tries=2, timeout=0)
    with quiet(fetch, docs[0], mirrors=[flaky], ignore_local=True, timeout=0) as file:
        assert file.read() == "alpha"  # the second attempt of this call
    with pytest.warns(DeprecatedWarning), pytest.raises(FetchError):
        fetch(docs[1]["file_id"], mirrors=[DirectoryMirror(str(mirror_dir))])


def test_fetched_yields_docs_with_a_file_id_and_their_files(docs):
    pairs = list(quiet(fetched, [*docs, {"_id": "no-file"}]))
    assert [doc for doc, _file in pairs] == docs
    assert [file.read() for _doc, file in pairs] == ["alpha", "beta"]
    for _doc, file in pairs:
        file.close()


def test_export_to_mirror(docs, tmp_path):
    mirror = DirectoryMirror(str(tmp_path))
    assert quiet(export_to_mirror, docs[0], mirror) == docs[0]["file_id"]
    assert (tmp_path / docs[0]["file_id"]).read_text() == "alpha"
    assert mirror.created == [docs[0]["file_id"]]
    # A file the mirror has already is skipped (its FileExistsError).
    assert quiet(export_to_mirror, docs[0], mirror) == docs[0]["file_id"]
    assert (tmp_path / docs[0]["file_id"]).read_text() == "alpha"
    with pytest.warns(DeprecatedWarning), pytest.raises(ExportError):
        export_to_mirror({"_id": "x", "root": "/", "filename": "x"}, mirror)


# -- fact 8 ----------------------------------------------------------------------------------
class Recording:
    """An index with only the methods export may call, each recorded, over a Collection."""

    def __init__(self, collection, allowed):
        self.collection = collection
        self.calls = []
        for name in allowed:
            setattr(self, name, self._recorder(name))

    def _recorder(self, name):
        def call(*args, **kwargs):
            self.calls.append((name, args, kwargs))
            return getattr(self.collection, name)(*args, **kwargs)

        return call


def test_export_one_calls_only_replace_one(docs, tmp_path):
    index = Recording(Collection(), ["replace_one"])
    assert quiet(export_one, docs[0], index) == (docs[0]["_id"], docs[0]["file_id"])
    assert index.calls == [("replace_one", ({"_id": docs[0]["_id"]}, docs[0]), {"upsert": True})]
    assert index.collection[docs[0]["_id"]] == docs[0]
    assert quiet(export_one, {"_id": "plain", "x": 1}, index) == ("plain", None)
    mirror = DirectoryMirror(str(tmp_path))
    quiet(export_one, docs[1], index, mirrors=[mirror])
    assert (tmp_path / docs[1]["file_id"]).read_text() == "beta"


def test_export_to_a_collection_with_update(docs):
    stale = {"_id": "stale", "root": docs[0]["root"]}
    elsewhere = {"_id": "elsewhere", "root": "/another/root"}
    collection = Collection([stale, elsewhere])
    index = Recording(collection, ["replace_one", "find", "delete_one"])
    quiet(export, docs, index)
    assert set(collection.ids) == {"stale", "elsewhere", docs[0]["_id"], docs[1]["_id"]}
    quiet(export, docs, index, update=True)
    assert set(collection.ids) == {"elsewhere", docs[0]["_id"], docs[1]["_id"]}
    assert {name for name, _args, _kwargs in index.calls} == {"replace_one", "find", "delete_one"}
    assert [c for c in index.calls if c[0] == "delete_one"] == [
        ("delete_one", ({"_id": "stale"},), {})
    ]


def test_export_update_of_nothing_is_an_error(docs):
    collection = Collection(docs)
    with pytest.warns(DeprecatedWarning), pytest.raises(ExportError):
        export([], collection, update=True)
    assert len(collection) == 2
    quiet(export, [], collection)  # without update: nothing to do


class UpdateCounter(monitoring.CommandListener):
    """Counts the ``update`` commands (the bulk writes) the server receives."""

    def __init__(self):
        self.updates = []

    def started(self, event):
        if event.command_name == "update":
            self.updates.append(len(event.command["updates"]))

    def succeeded(self, event):
        pass

    def failed(self, event):
        pass


@pytest.fixture
def mongo(mongo_server, request):
    counter = UpdateCounter()
    client = pymongo.MongoClient(
        mongo_server.uri, serverSelectionTimeoutMS=20000, event_listeners=[counter]
    )
    collection = client["signac_issue15"][request.node.name[:60]]
    collection.drop()
    yield collection, counter
    client.close()


def test_export_hands_pymongo_collections_to_export_pymongo(docs, mongo):
    collection, counter = mongo
    collection.insert_one({"_id": "stale", "root": docs[0]["root"]})
    collection.insert_one({"_id": "elsewhere", "root": "/another/root"})
    quiet(export, docs, collection, update=True)
    assert sorted(d["_id"] for d in collection.find()) == sorted(
        ["elsewhere", docs[0]["_id"], docs[1]["_id"]]
    )
    assert collection.find_one({"_id": docs[0]["_id"]}) == docs[0]
    assert counter.updates == [2]  # one bulk write


def test_export_pymongo_writes_in_chunks(mongo, tmp_path):
    collection, counter = mongo
    many = [{"_id": str(i), "root": str(tmp_path), "i": i} for i in range(5)]
    quiet(export_pymongo, many, collection, chunksize=2)
    assert counter.updates == [2, 2, 1]
    assert collection.count_documents({}) == 5
    quiet(export, many[:3], collection, update=True, chunksize=10)
    assert sorted(d["i"] for d in collection.find()) == [0, 1, 2]
    with pytest.warns(DeprecatedWarning), pytest.raises(ExportError):
        export_pymongo([], collection, update=True)
    assert collection.count_documents({}) == 3


def test_export_one_on_a_pymongo_collection(docs, mongo, tmp_path):
    collection, _counter = mongo
    assert quiet(export_one, docs[1], collection) == (docs[1]["_id"], docs[1]["file_id"])
    assert collection.find_one({"_id": docs[1]["_id"]})["filename"] == "b.txt"
    mirror = DirectoryMirror(str(tmp_path))
    quiet(export_pymongo, docs, collection, mirrors=[mirror])
    digest = hashlib.md5(b"alpha").hexdigest()
    assert (tmp_path / digest).read_text() == "alpha"
