"""Collection.open: modes, gzip, flushing, corrupt files, atomic writes."""

import gzip
import io
import json
import os

import pytest

from signac_collection import Collection, JSONParseError, ReadOnlyError

DOCS = [{"_id": "x", "a": 1}, {"_id": "y", "a": [1, {"b": None}]}]


def write_lines(path, docs):
    path.write_text("".join(json.dumps(d) + "\n" for d in docs))


def read_lines(path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_default_mode_creates_reads_and_writes(tmp_path):
    path = tmp_path / "c.txt"
    with Collection.open(str(path)) as c:
        assert path.exists() and path.read_text() == ""
        c.update(DOCS)
        assert path.read_text() == ""  # not flushed yet
    assert read_lines(path) == DOCS
    with Collection.open(path) as c:
        assert list(c) == DOCS
        c.insert_one({"_id": "z"})
        c.flush()
        assert read_lines(path)[-1] == {"_id": "z"}
        del c["x"]
    assert [d["_id"] for d in read_lines(path)] == ["y", "z"]


def test_spec_find_in_file(tmp_path):
    path = tmp_path / "collection.txt"
    write_lines(path, [{"name": "John", "age": 32}, {"name": "Alice", "age": 28}])
    with Collection.open(str(path)) as collection:
        assert [doc["name"] for doc in collection.find({"age": 32})] == ["John"]
    # documents without _id got one in memory; the unchanged file is not rewritten
    assert "_id" not in path.read_text()


def test_one_document_per_line(tmp_path):
    path = tmp_path / "c.txt"
    with Collection.open(path, "w") as c:
        c.update(DOCS)
    lines = path.read_text().splitlines()
    assert len(lines) == 2 and [json.loads(x) for x in lines] == DOCS


def test_read_only_mode(tmp_path):
    path = tmp_path / "c.txt"
    write_lines(path, DOCS)
    before = path.read_bytes()
    with Collection.open(path, "r") as c:
        assert list(c) == DOCS
        assert c.find_ids({"a": 1}) == ["x"]
        c.flush()  # nothing changed: nothing to write
    assert path.read_bytes() == before


def test_read_only_mode_changes_in_memory_only(tmp_path):
    """Fact 8: mode 'r' allows changes in memory; flush() and close() then raise."""
    path = tmp_path / "c.txt"
    write_lines(path, DOCS)
    before = path.read_bytes()
    c = Collection.open(path, "r")
    c.insert_one({"_id": "new", "a": 2})
    c.update([{"_id": "x", "a": 5}])
    c.replace_one({"_id": "new"}, {"a": 3})
    c["z"] = {}
    del c["z"]
    assert c.find_ids({"a": {"$gt": 1}}) == ["x", "new"]
    with pytest.raises(io.UnsupportedOperation):
        c.flush()
    with pytest.raises(ReadOnlyError):
        c.close()
    with pytest.raises(RuntimeError):  # close still closed it
        len(c)
    assert path.read_bytes() == before
    with pytest.raises(io.UnsupportedOperation):
        with Collection.open(path, "r") as c:
            c.clear()
    assert path.read_bytes() == before


def test_read_only_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        Collection.open(tmp_path / "nope.txt", "r")
    assert not (tmp_path / "nope.txt").exists()


@pytest.mark.parametrize("mode", ["w", "wt", "w+", "wb"])
def test_write_mode_erases(tmp_path, mode):
    path = tmp_path / "c.txt"
    write_lines(path, DOCS)
    with Collection.open(path, mode) as c:
        assert len(c) == 0
        assert path.read_text() == ""
        c.insert_one({"_id": "n"})
    assert read_lines(path) == [{"_id": "n"}]


@pytest.mark.parametrize("mode", ["a", "a+", "r+", "ab", "rb"])
def test_modes_that_keep_content(tmp_path, mode):
    path = tmp_path / "c.txt"
    write_lines(path, DOCS)
    with Collection.open(path, mode) as c:
        assert list(c) == DOCS
    assert read_lines(path) == DOCS


def test_r_plus_requires_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        Collection.open(tmp_path / "c.txt", "r+")


def test_exclusive_mode(tmp_path):
    path = tmp_path / "c.txt"
    with Collection.open(path, "x") as c:
        c.insert_one({"_id": "a"})
    assert read_lines(path) == [{"_id": "a"}]
    with pytest.raises(FileExistsError):
        Collection.open(path, "x")
    assert read_lines(path) == [{"_id": "a"}]


@pytest.mark.parametrize("mode", ["q", "rw", "rr", "r+b+", "rbt", ""])
def test_invalid_mode(tmp_path, mode):
    with pytest.raises(ValueError, match="mode"):
        Collection.open(tmp_path / "c.txt", mode)
    assert not (tmp_path / "c.txt").exists()


def test_gzip_round_trip(tmp_path):
    path = tmp_path / "c.txt.gz"
    with Collection.open(str(path), "wb") as c:
        c.update(DOCS)
    with gzip.open(path, "rt") as f:
        assert [json.loads(x) for x in f] == DOCS
    c = Collection.open(str(path), "rb")
    assert list(c) == DOCS
    c.insert_one({})
    with pytest.raises(ReadOnlyError):
        c.close()
    with Collection.open(str(path)) as c:  # default mode for gzip: 'ab'
        assert list(c) == DOCS
        c.insert_one({"_id": "z"})
    with Collection.open(str(path), "ab") as c:
        assert [d["_id"] for d in c] == ["x", "y", "z"]


def test_gzip_by_compresslevel(tmp_path):
    path = tmp_path / "c.bin"
    with Collection.open(path, "wb", compresslevel=1) as c:
        c.update(DOCS)
    with gzip.open(path, "rt") as f:
        assert [json.loads(x) for x in f] == DOCS
    # compresslevel=0 makes even a .gz name a plain text file
    plain = tmp_path / "plain.gz"
    with Collection.open(plain, "w", compresslevel=0) as c:
        c.update(DOCS)
    assert read_lines(plain) == DOCS


@pytest.mark.parametrize("mode", ["r", "a+", "w", "wt", "a"])
def test_gzip_requires_binary_mode(tmp_path, mode):
    with pytest.raises(RuntimeError, match="binary"):
        Collection.open(tmp_path / "c.gz", mode)
    assert not (tmp_path / "c.gz").exists()


@pytest.mark.parametrize("mode", ["a+b", "r+b", "w+b"])
def test_gzip_has_no_combined_mode(tmp_path, mode):
    with pytest.raises(ValueError, match="combined"):
        Collection.open(tmp_path / "c.gz", mode)


def test_gzip_write_mode_erases(tmp_path):
    path = tmp_path / "c.gz"
    with Collection.open(path, "wb") as c:
        c.update(DOCS)
    with Collection.open(path, "wb") as c:
        assert len(c) == 0
    with Collection.open(path, "rb") as c:
        assert len(c) == 0


def test_corrupt_gzip(tmp_path):
    path = tmp_path / "c.gz"
    path.write_bytes(b"this is not gzip")
    with pytest.raises(JSONParseError, match="gzip"):
        Collection.open(path, "rb")
    assert path.read_bytes() == b"this is not gzip"


@pytest.mark.parametrize(
    ("content", "lineno", "fragment"),
    [
        ('{"_id": "a"}\n{"_id": \n', 2, "invalid JSON"),
        ('{"_id": "a"}\n\n[1, 2]\n', 3, "JSON object"),
        ('"text"\n', 1, "JSON object"),
        ('{"a.b": 1}\n', 1, "dots"),
        ('{"_id": [1]}\n', 1, "string"),
        (b'{"a": "\xff"}\n', 1, "UTF-8"),
    ],
)
@pytest.mark.parametrize("mode", ["r", "a+"])
def test_corrupt_file_names_the_line(tmp_path, content, lineno, fragment, mode):
    path = tmp_path / "c.txt"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    before = path.read_bytes()
    with pytest.raises(JSONParseError) as info:
        Collection.open(path, mode)
    assert info.value.lineno == lineno
    assert info.value.filename == str(path)
    assert f"line {lineno}" in str(info.value)
    assert fragment in str(info.value)
    assert isinstance(info.value, ValueError)
    assert path.read_bytes() == before


def test_blank_lines_and_missing_ids(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text('\n{"a": 1}\n   \n{"_id": "b", "a": 2}\n\n')
    with Collection.open(path) as c:
        assert len(c) == 2
        assert c.find_one({"a": 1})["_id"]
        assert c["b"]["a"] == 2


def test_duplicate_ids_in_file_last_wins(tmp_path):
    path = tmp_path / "c.txt"
    write_lines(path, [{"_id": "a", "v": 1}, {"_id": "a", "v": 2}])
    with Collection.open(path, "r") as c:
        assert list(c) == [{"_id": "a", "v": 2}]


def test_closed_collection(tmp_path):
    path = tmp_path / "c.txt"
    c = Collection.open(path)
    c.insert_one({"_id": "a"})
    c.close()
    c.close()  # idempotent
    assert read_lines(path) == [{"_id": "a"}]
    for use in (list, len, lambda c: c.find(), lambda c: c["a"], lambda c: c.insert_one({})):
        with pytest.raises(RuntimeError, match="closed"):
            use(c)
    with pytest.raises(RuntimeError, match="closed"):
        c.flush()


def test_flush_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "c.txt"
    write_lines(path, DOCS)
    before = path.read_bytes()
    c = Collection.open(path)
    c.insert_one({"_id": "new", "big": "x" * 100_000})

    def crash(*args, **kwargs):
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="fire"):
        c.flush()
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["c.txt"]  # the temporary file is gone
    monkeypatch.undo()
    c.close()
    assert read_lines(path)[-1]["_id"] == "new"


def test_unserializable_write_leaves_file(tmp_path, monkeypatch):
    path = tmp_path / "c.txt"
    write_lines(path, DOCS)
    before = path.read_bytes()
    c = Collection.open(path)
    c.insert_one({"_id": "n"})
    c._docs["n"]["bad"] = object()  # corrupt the memory state behind the API's back
    with pytest.raises(TypeError):
        c.flush()
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["c.txt"]


def test_file_permissions_are_kept(tmp_path):
    path = tmp_path / "c.txt"
    write_lines(path, DOCS)
    os.chmod(path, 0o640)
    with Collection.open(path) as c:
        c.insert_one({})
    assert os.stat(path).st_mode & 0o777 == 0o640


def test_collection_compresslevel_repr(tmp_path):
    c = Collection.open(tmp_path / "c.txt")
    assert "c.txt" in repr(c)
    c.close()
    with pytest.raises(ValueError):
        Collection(compresslevel=10)


def test_main_script(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "my_collection.txt"
    write_lines(path, [{"name": "John", "age": 32}, {"name": "Alice", "age": 28}])
    script = tmp_path / "find.py"
    script.write_text(
        "import sys\nfrom signac_collection import Collection\n"
        f"with Collection.open({str(path)!r}) as c:\n    c.main()\n"
    )
    out = subprocess.run(
        [sys.executable, str(script), '{"age": 32}'], capture_output=True, text=True, check=True
    ).stdout
    docs = [json.loads(x) for x in out.splitlines()]
    assert [d["name"] for d in docs] == ["John"]
