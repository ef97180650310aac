"""JSON backend specifics: files, atomic writes, errors leaving files unchanged, threads."""

import json
import os
import pickle
import threading

import pytest

from synced_collections.backends.collection_json import (
    BufferedJSONAttrDict,
    JSONAttrDict,
    JSONCollection,
    JSONDict,
    JSONList,
    json_attr_dict_validator,
)
from synced_collections.errors import InvalidKeyError, KeyTypeError


def read(path):
    with open(path, "rb") as file:
        return file.read()


def test_file_created_on_first_write_only(tmp_path):
    path = tmp_path / "doc.json"
    doc = JSONDict(path)
    assert doc() == {}
    assert "a" not in doc
    assert not path.exists()
    doc["a"] = 1
    assert json.loads(read(path)) == {"a": 1}
    assert doc.filename == str(path)


def test_on_disk_format_is_plain_json_dumps(tmp_path):
    doc = JSONDict(tmp_path / "doc.json")
    doc.update({"b": 1, "a": [1, 2], "c": {"d": None}})
    assert read(doc.filename) == json.dumps({"b": 1, "a": [1, 2], "c": {"d": None}}).encode()


@pytest.mark.parametrize("contents", [b"", b"   \n"])
def test_empty_file_reads_as_empty(tmp_path, contents):
    path = tmp_path / "doc.json"
    path.write_bytes(contents)
    assert JSONDict(path)() == {}
    assert JSONList(path)() == []
    doc = JSONDict(path)
    doc["a"] = 1
    assert json.loads(read(path)) == {"a": 1}


def test_requires_filename():
    with pytest.raises(ValueError):
        JSONDict()


def test_data_argument_is_trusted_and_not_written(tmp_path):
    path = tmp_path / "doc.json"
    doc = JSONDict(path, data={"a": 1})
    assert not path.exists()
    assert doc["a"] == 1
    doc["b"] = 2
    assert json.loads(read(path)) == {"a": 1, "b": 2}
    with pytest.raises(KeyTypeError):
        JSONDict(path, data={1.5: 1})


def test_writes_are_atomic(tmp_path, monkeypatch):
    path = tmp_path / "doc.json"
    replaced = []
    real_replace = os.replace
    monkeypatch.setattr(
        os, "replace", lambda src, dst: (replaced.append(src), real_replace(src, dst))
    )
    JSONDict(path)["b"] = 1
    assert len(replaced) == 1 and os.path.dirname(replaced[0]) == str(tmp_path)
    assert sorted(os.listdir(tmp_path)) == ["doc.json"]  # no temporary or lock files left


def test_crash_during_write_leaves_old_file(tmp_path, monkeypatch):
    path = tmp_path / "doc.json"
    doc = JSONDict(path)
    doc["a"] = 1
    before = read(path)

    def crash(*args):
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk on fire"):
        doc["b"] = 2
    assert read(path) == before
    assert sorted(os.listdir(tmp_path)) == ["doc.json"]
    monkeypatch.undo()
    assert doc() == {"a": 1}  # memory was resynchronized with the file


@pytest.mark.parametrize(
    "operation, error",
    [
        (lambda d: d.__setitem__("a.b", 1), InvalidKeyError),
        (lambda d: d.__setitem__("x", {"a.b": 1}), InvalidKeyError),
        (lambda d: d.__setitem__((1,), 1), KeyTypeError),
        (lambda d: d.__setitem__(1.0, 1), KeyTypeError),
        (lambda d: d.__setitem__("x", object()), TypeError),
        (lambda d: d.__setitem__("x", {"y": {1, 2}}), TypeError),
        (lambda d: d.update({"ok": 1, "bad": object()}), TypeError),
        (lambda d: d.update({"ok": 1, "b.ad": 1}), InvalidKeyError),
        (lambda d: d.setdefault("x", b"bytes"), TypeError),
        (lambda d: d.reset({"x": 1j}), TypeError),
        (lambda d: d.reset([1]), ValueError),
        (lambda d: d.nested.__setitem__("bad", object()), TypeError),
        (lambda d: d.nested.lst.append(object()), TypeError),
        (lambda d: d.nested.lst.extend([1, object()]), TypeError),
    ],
)
def test_bad_input_leaves_file_byte_for_byte_unchanged(tmp_path, operation, error):
    path = tmp_path / "doc.json"
    doc = JSONAttrDict(path)
    doc.update({"keep": [1, 2.5, "x"], "nested": {"lst": [1]}})
    before = read(path)
    mtime = os.stat(path).st_mtime_ns
    with pytest.raises(error):
        operation(doc)
    assert read(path) == before
    assert os.stat(path).st_mtime_ns == mtime
    assert doc() == json.loads(before)


def test_recursive_structures_leave_file_unchanged(tmp_path):
    doc = JSONDict(tmp_path / "doc.json")
    doc["a"] = 1
    before = read(doc.filename)
    loop = {}
    loop["loop"] = [loop]
    with pytest.raises(ValueError, match="Circular"):
        doc["loop"] = loop
    assert read(doc.filename) == before


def test_nan_is_written_as_json_literal(tmp_path):
    doc = JSONDict(tmp_path / "doc.json")
    doc["x"] = float("nan")
    doc["y"] = float("-inf")
    assert read(doc.filename) == b'{"x": NaN, "y": -Infinity}'


def test_attr_dict_legacy_keys_warn(tmp_path):
    doc = JSONAttrDict(tmp_path / "doc.json")
    with pytest.warns(DeprecationWarning, match="2.0"):
        doc[3] = "x"
    assert json.loads(read(doc.filename)) == {"3": "x"}
    json_attr_dict_validator({1: {None: [True]}})
    with pytest.raises(KeyTypeError):
        json_attr_dict_validator({(1,): 1})


def test_attr_dict_via_pickle_and_nested_attributes(tmp_path):
    doc = BufferedJSONAttrDict(tmp_path / "doc.json")
    doc.a = {"b": {"c": 1}}
    clone = pickle.loads(pickle.dumps(doc.a.b))
    clone.c = 2
    assert doc.a.b.c == 2


def test_multithreading_switches():
    assert JSONDict._supports_threading
    JSONDict.disable_multithreading()
    try:
        assert not JSONDict._threading_support_is_active
    finally:
        JSONDict.enable_multithreading()
    assert JSONDict._threading_support_is_active
    JSONCollection.disable_multithreading()
    try:
        assert not BufferedJSONAttrDict._threading_support_is_active
        doc = BufferedJSONAttrDict(os.path.join(os.getcwd(), "never-written.json"))
        assert doc._thread_lock is not None
    finally:
        JSONCollection.enable_multithreading()
    assert BufferedJSONAttrDict._threading_support_is_active

    class NoThreads(JSONCollection):
        _supports_threading = False

    with pytest.raises(ValueError):
        NoThreads.enable_multithreading()


def test_threads_do_not_lose_updates(tmp_path):
    path = tmp_path / "doc.json"

    def work(offset):
        doc = JSONDict(path)
        for i in range(25):
            doc[f"{offset}-{i}"] = i

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(JSONDict(path)) == 100


def test_unwritable_directory_raises_and_leaves_nothing(tmp_path):
    doc = JSONDict(tmp_path / "missing" / "doc.json")
    with pytest.raises(FileNotFoundError):
        doc["a"] = 1
    assert not (tmp_path / "missing").exists()


def test_in_place_external_edit_of_same_size_is_seen(tmp_path):
    path = tmp_path / "doc.json"
    doc = JSONDict(path)
    doc["a"] = 1
    with open(path, "w") as file:  # same inode, same size, maybe same mtime tick
        file.write('{"a": 2}')
    assert doc["a"] == 2
    doc["b"] = 3
    assert json.loads(read(path)) == {"a": 2, "b": 3}


def test_unchanged_file_is_not_decoded_again(tmp_path, monkeypatch):
    path = tmp_path / "doc.json"
    doc = JSONDict(path)
    doc["a"] = {"b": [1, 2]}
    nested = doc["a"]
    calls = []
    real_decode = JSONDict._decode
    monkeypatch.setattr(
        JSONDict, "_decode", staticmethod(lambda blob: calls.append(1) or real_decode(blob))
    )
    assert doc["a"]["b"] == [1, 2]
    assert calls == []
    JSONDict(path)["c"] = 1  # another writer
    calls.clear()
    assert doc["c"] == 1 and calls == [1]
    assert doc["a"] is nested  # nested collections are updated in place


def test_shared_instance_across_threads_with_external_writer(tmp_path):
    path = tmp_path / "doc.json"
    shared = JSONDict(path)
    shared["start"] = 0
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            shared.get("start")

    def external():
        other = JSONDict(path)
        for i in range(30):
            other[f"ext{i}"] = i

    def writer(n):
        for i in range(30):
            shared[f"w{n}-{i}"] = i

    readers = [threading.Thread(target=reader) for _ in range(2)]
    workers = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
    workers.append(threading.Thread(target=external))
    for thread in readers + workers:
        thread.start()
    for thread in workers:
        thread.join()
    stop.set()
    for thread in readers:
        thread.join()
    assert len(JSONDict(path)) == 1 + 30 * 3


def test_noop_setdefault_and_pop_do_not_write(tmp_path):
    doc = JSONDict(tmp_path / "doc.json")
    doc["a"] = 1
    mtime = os.stat(doc.filename).st_mtime_ns
    inode = os.stat(doc.filename).st_ino
    assert doc.setdefault("a", object()) == 1  # an existing key: the default is not even checked
    assert doc.pop("missing", None) is None
    assert (os.stat(doc.filename).st_mtime_ns, os.stat(doc.filename).st_ino) == (mtime, inode)


def test_killed_writer_never_leaves_a_broken_file(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    path = tmp_path / "doc.json"
    code = (
        "import sys; from synced_collections.backends.collection_json import JSONDict\n"
        "doc = JSONDict(sys.argv[1])\n"
        "i = 0\n"
        "while True:\n"
        "    doc.reset({'i': i, 'payload': ['x' * 100] * 2000}); i += 1\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code, str(path)])
    deadline = time.monotonic() + 10
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)
    process.send_signal(signal.SIGKILL)
    process.wait()
    data = json.loads(read(path))
    assert len(data["payload"]) == 2000
    leftovers = [name for name in os.listdir(tmp_path) if name != "doc.json"]
    # A killed writer may leave its temporary file, never a broken document.
    assert all(name.startswith(".doc.json.") and name.endswith(".tmp") for name in leftovers)
    doc = JSONDict(path)
    doc["after"] = True  # the killed writer's lock died with it
    assert json.loads(read(path))["after"] is True


def test_symbolic_links_are_followed(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "doc.json"
    link = tmp_path / "link.json"
    JSONDict(target)["a"] = 1
    link.symlink_to(target)
    JSONDict(link)["b"] = 2
    assert link.is_symlink()
    assert json.loads(read(target)) == {"a": 1, "b": 2}
    assert sorted(os.listdir(tmp_path / "real")) == ["doc.json"]


def test_on_windows_and_threading_support():
    import sys

    from synced_collections.backends import collection_json
    from synced_collections.backends.collection_json import ON_WINDOWS

    assert type(ON_WINDOWS) is bool
    assert ON_WINDOWS == (sys.platform.startswith("win32") or sys.platform.startswith("cygwin"))
    assert "ON_WINDOWS" in collection_json.__all__
    for cls in (collection_json.JSONCollection, JSONDict, collection_json.BufferedJSONAttrDict):
        assert cls._supports_threading is (not ON_WINDOWS)
