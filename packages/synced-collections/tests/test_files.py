"""synced_collections.files: atomic writes, durability, the process lock and its fallback."""

import errno
import json
import os
import subprocess
import sys
import threading
import time
import warnings

import pytest

from synced_collections import files
from synced_collections.backends.collection_json import (
    BufferedJSONAttrDict,
    JSONDict,
    JSONList,
    MemoryBufferedJSONAttrDict,
)
from synced_collections.files import (
    LockingUnsupportedWarning,
    ProcessLock,
    open_atomic,
    read_small_file,
    write_atomic,
)

ALL_DOCS = [JSONDict, BufferedJSONAttrDict, MemoryBufferedJSONAttrDict]


def count_fsyncs(monkeypatch):
    calls = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append(fd), real(fd))[1])
    return calls


def test_write_atomic_and_read_small_file(tmp_path):
    path = tmp_path / "f.txt"
    write_atomic(path, "text ü")
    assert read_small_file(path) == "text ü".encode()
    write_atomic(path, b"x" * 300_000)
    assert read_small_file(path) == b"x" * 300_000
    with pytest.raises(FileNotFoundError):
        read_small_file(tmp_path / "missing")
    assert os.listdir(tmp_path) == ["f.txt"]


def test_write_atomic_keeps_permissions(tmp_path):
    path = tmp_path / "f.txt"
    write_atomic(path, b"{}")
    os.chmod(path, 0o600)
    write_atomic(path, b"{}")
    assert os.stat(path).st_mode & 0o777 == 0o600
    JSONDict(path)["a"] = 1  # also through the lock
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_open_atomic_replaces_only_on_success(tmp_path):
    path = tmp_path / "f.txt"
    with open_atomic(path) as file:
        file.write(b"new")
    assert path.read_bytes() == b"new"
    with pytest.raises(RuntimeError):
        with open_atomic(path) as file:
            file.write(b"partial")
            raise RuntimeError
    assert path.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["f.txt"]


def test_durability_is_a_choice(tmp_path, monkeypatch):
    calls = count_fsyncs(monkeypatch)
    write_atomic(tmp_path / "a", b"1")
    assert calls == []  # default: survives a crash of the process, no fsync
    write_atomic(tmp_path / "a", b"1", durable=True)
    assert len(calls) == 2  # the file, then its directory
    with open_atomic(tmp_path / "b", durable=True) as file:
        file.write(b"1")
    assert len(calls) == 4


@pytest.mark.parametrize(
    "cls, buffered",
    [(cls, False) for cls in ALL_DOCS] + [(cls, True) for cls in ALL_DOCS[1:]],
)
def test_write_concern_fsyncs_file_and_directory(tmp_path, monkeypatch, cls, buffered):
    calls = count_fsyncs(monkeypatch)
    doc = cls(tmp_path / "doc.json")
    if buffered:
        with doc.buffered:
            doc["a"] = 1
    else:
        doc["a"] = 1
    assert calls == []
    durable = cls(tmp_path / "doc.json", write_concern=True)
    if buffered:
        with durable.buffered:
            durable["b"] = 2
    else:
        durable["b"] = 2
    assert len(calls) == 2
    assert json.loads((tmp_path / "doc.json").read_text()) == {"a": 1, "b": 2}


@pytest.mark.parametrize("cls", ALL_DOCS + [JSONList])
def test_no_lock_files_and_nothing_left(tmp_path, monkeypatch, cls):
    created = []
    real_open = os.open

    def recording_open(path, flags, *args):
        if flags & os.O_CREAT:
            created.append(os.path.basename(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", recording_open)
    doc = cls(tmp_path / "doc.json")
    for i in range(3):
        if cls is JSONList:
            doc.append(i)
        else:
            doc[f"k{i}"] = i
    # Only temporary files (one per write, renamed into place) and, for the very
    # first write, the document itself (created empty to be locked).
    assert all(name == "doc.json" or name.endswith(".tmp") for name in created)
    assert not any("lock" in name for name in created)
    assert os.listdir(tmp_path) == ["doc.json"]


def test_failed_first_write_leaves_no_empty_file(tmp_path):
    doc = JSONDict(tmp_path / "doc.json")
    with pytest.raises(KeyError):
        del doc["missing"]
    assert os.listdir(tmp_path) == []


def test_lock_is_exclusive_between_processes(tmp_path):
    path = tmp_path / "doc.json"
    path.write_text("{}")
    code = (
        "import sys, time\n"
        "from synced_collections.files import ProcessLock\n"
        "with ProcessLock(sys.argv[1]):\n"
        "    print('locked', flush=True)\n"
        "    time.sleep(1.0)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE)
    assert holder.stdout.readline().strip() == b"locked"
    start = time.monotonic()
    JSONDict(path)["a"] = 1  # waits for the holder
    waited = time.monotonic() - start
    holder.wait()
    assert waited > 0.3
    assert json.loads(path.read_text()) == {"a": 1}


def test_killed_holder_does_not_block(tmp_path):
    path = tmp_path / "doc.json"
    code = (
        "import sys, time\n"
        "from synced_collections.files import ProcessLock\n"
        "lock = ProcessLock(sys.argv[1]); lock.__enter__()\n"
        "print('locked', flush=True); time.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE)
    assert holder.stdout.readline().strip() == b"locked"
    holder.kill()
    holder.wait()
    JSONDict(path)["a"] = 1  # the lock died with its process
    assert json.loads(path.read_text()) == {"a": 1}


def test_lock_is_reentrant_also_through_another_name(tmp_path):
    target = tmp_path / "doc.json"
    link = tmp_path / "link.json"
    JSONDict(target)["a"] = 1
    link.symlink_to(target)
    with ProcessLock(target) as outer:
        with ProcessLock(link) as inner:  # the same file: no self-deadlock
            assert inner.path == outer.path == str(target)
            inner.replace(b'{"a": 2}')
        assert outer.read() == b'{"a": 2}'  # the lock moved to the new file
    assert link.is_symlink()
    assert JSONDict(link)() == {"a": 2}


def test_lock_serializes_threads_of_one_process(tmp_path):
    path = tmp_path / "doc.json"
    JSONDict.disable_multithreading()  # only the process lock is left
    try:

        def work(n):
            doc = JSONDict(path)
            for i in range(50):
                doc[f"t{n}-{i}"] = i

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        JSONDict.enable_multithreading()
    assert len(json.loads(path.read_text())) == 200


@pytest.fixture
def refusing_flock(monkeypatch):
    """A file system that refuses locks: fcntl.flock raises OSError(ENOLCK)."""
    import fcntl

    def refuse(fd, operation):
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(fcntl, "flock", refuse)
    monkeypatch.setattr(files, "_unlockable_devices", set())
    return refuse


@pytest.mark.parametrize("cls", ALL_DOCS)
def test_refused_flock_falls_back_with_one_warning(tmp_path, refusing_flock, cls):
    path = tmp_path / "doc.json"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = cls(path)
        for i in range(5):
            doc[f"k{i}"] = i
        cls(path, write_concern=True)["k5"] = 5
        other = cls(tmp_path / "other.json")  # same file system: no second warning
        other["x"] = 1
    locking = [w for w in caught if issubclass(w.category, LockingUnsupportedWarning)]
    assert len(locking) == 1
    message = str(locking[0].message)
    assert "refuses file locks" in message
    assert "atomically" in message and "lose each other's updates" in message
    assert locking[0].filename == __file__  # attributed to the caller
    assert json.loads(path.read_text()) == {f"k{i}": i for i in range(6)}
    assert sorted(os.listdir(tmp_path)) == ["doc.json", "other.json"]


def test_refused_flock_buffered_flush_still_writes(tmp_path, refusing_flock):
    path = tmp_path / "doc.json"
    with pytest.warns(LockingUnsupportedWarning):
        with BufferedJSONAttrDict.buffer_backend():
            BufferedJSONAttrDict(path)["a"] = 1
    assert json.loads(path.read_text()) == {"a": 1}


def test_other_flock_errors_are_raised(tmp_path, monkeypatch):
    import fcntl

    def broken(fd, operation):
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(fcntl, "flock", broken)
    doc = JSONDict(tmp_path / "doc.json")
    with pytest.raises(OSError, match="I/O error"):
        doc["a"] = 1
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_forked_child_does_not_inherit_the_lock(tmp_path):
    path = tmp_path / "doc.json"
    JSONDict(path)["a"] = 0
    read_end, write_end = os.pipe()
    with ProcessLock(path):
        pid = os.fork()
        if pid == 0:  # the child: its write must wait for the parent's lock
            os.close(read_end)
            try:
                doc = JSONDict(path)
                doc["child"] = 1
                os.write(write_end, b"done")
            finally:
                os._exit(0)
        os.close(write_end)
        time.sleep(0.5)
        os.set_blocking(read_end, False)
        try:
            early = os.read(read_end, 4)
        except BlockingIOError:
            early = b""
        assert early == b""  # the child is still waiting
    os.set_blocking(read_end, True)
    assert os.read(read_end, 4) == b"done"
    os.waitpid(pid, 0)
    assert json.loads(path.read_text()) == {"a": 0, "child": 1}


def _held_by_another_process(path):
    """Whether another process holds the lock on the file that ``path`` names now."""
    code = (
        "import fcntl, os, sys\n"
        "fd = os.open(sys.argv[1], os.O_RDONLY)\n"
        "try:\n"
        "    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
        "except BlockingIOError:\n"
        "    sys.exit(1)\n"
    )
    return subprocess.run([sys.executable, "-c", code, str(path)]).returncode == 1


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts descriptors in /proc")
@pytest.mark.parametrize("cls", [JSONDict, BufferedJSONAttrDict])
@pytest.mark.parametrize("existing", [True, False], ids=["existing", "new"])
def test_a_write_costs_two_opens_one_lock_and_leaves_nothing_open(
    tmp_path, monkeypatch, cls, existing
):
    path = tmp_path / "doc.json"
    if existing:
        path.write_text('{"a": 1}')
    opened, locked = [], []
    real_open, real_flock = os.open, files.fcntl.flock

    def recording_open(name, flags, *args):
        opened.append(os.path.basename(name))
        return real_open(name, flags, *args)

    def recording_flock(fd, operation):
        locked.append(operation)
        return real_flock(fd, operation)

    descriptors = len(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "open", recording_open)
    monkeypatch.setattr(files.fcntl, "flock", recording_flock)
    cls(path)["k"] = 1
    monkeypatch.undo()
    # The document (opened to be locked; a missing one is first looked for, then
    # created empty) and the temporary file; one flock: the write releases the
    # lock with the replaced file instead of moving it to the new one.
    assert opened == (["doc.json"] if existing else ["doc.json", "doc.json"]) + [opened[-1]]
    assert opened[-1].endswith(".tmp")
    assert locked == [files.fcntl.LOCK_EX]
    assert len(os.listdir("/proc/self/fd")) == descriptors
    assert ProcessLock._held == {}
    assert json.loads(path.read_text()) == ({"a": 1, "k": 1} if existing else {"k": 1})
    assert not _held_by_another_process(path)


def test_writes_inside_a_held_lock_keep_it(tmp_path):
    path = tmp_path / "doc.json"
    doc = JSONDict(path)
    with ProcessLock(path) as lock:
        doc["a"] = 1  # the lock moves to the new file, still held
        assert _held_by_another_process(path)
        doc["b"] = 2
        assert _held_by_another_process(path)
        lock.replace(b'{"c": 3}')
        assert _held_by_another_process(path)
    assert not _held_by_another_process(path)
    assert doc() == {"c": 3}


@pytest.mark.parametrize(
    "blob",
    [
        '{"a": "\u00e9"}'.encode("utf-16"),
        '{"a": "\u00e9"}'.encode("utf-16-le"),
        '{"a": "\u00e9"}'.encode("utf-32"),
        '{"a": "\u00e9"}'.encode("utf-8-sig"),
        ' {"a": "\u00e9"}\n'.encode(),
    ],
    ids=["utf-16", "utf-16-le", "utf-32", "utf-8-bom", "utf-8"],
)
@pytest.mark.parametrize("cls", ALL_DOCS)
def test_documents_decode_as_json_loads_does(tmp_path, cls, blob):
    path = tmp_path / "doc.json"
    path.write_bytes(blob)
    assert json.loads(blob) == {"a": "\u00e9"}
    assert cls(path)() == {"a": "\u00e9"}


def test_invalid_json_raises_the_json_error(tmp_path):
    path = tmp_path / "doc.json"
    path.write_bytes(b'{"a": ')
    with pytest.raises(json.JSONDecodeError):
        JSONDict(path)()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_temporary_names_of_a_forked_child_carry_its_pid(tmp_path):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.write(write_end, files._temporary_name(str(tmp_path / "doc.json")).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    name = os.read(read_end, 4096).decode()
    os.waitpid(pid, 0)
    assert os.path.basename(name).startswith(f".doc.json.{pid:x}-")
    assert files._temporary_name(str(tmp_path / "doc.json")).startswith(
        str(tmp_path / f".doc.json.{os.getpid():x}-")
    )


@pytest.mark.parametrize("base", [JSONDict, BufferedJSONAttrDict])
def test_a_subclass_may_derive_filename_and_data(tmp_path, base):
    # Construction writes most private state straight to __dict__ (cheaper for
    # AttrDicts); _filename and _data stay assignable through a subclass's property.
    target = tmp_path / "derived.json"

    class Derived(base):
        @property
        def _filename(self):
            return str(target)

        @_filename.setter
        def _filename(self, value):
            pass

        @property
        def _data(self):
            return self.__dict__["_store"]

        @_data.setter
        def _data(self, value):
            self.__dict__["_store"] = value

    doc = Derived(tmp_path / "ignored.json")
    doc["a"] = 1
    assert "_filename" not in vars(doc) and "_data" not in vars(doc)
    assert vars(doc)["_store"] == {"a": 1}
    assert json.loads(target.read_text()) == {"a": 1}
    assert not (tmp_path / "ignored.json").exists()


@pytest.mark.parametrize("cls", [BufferedJSONAttrDict, MemoryBufferedJSONAttrDict])
def test_a_buffered_flush_locks_once_and_releases(tmp_path, monkeypatch, cls):
    path = tmp_path / "doc.json"
    path.write_text('{"a": 1}')
    doc = cls(path)
    locked = []
    real_flock = files.fcntl.flock

    def recording_flock(fd, operation):
        locked.append(operation)
        return real_flock(fd, operation)

    monkeypatch.setattr(files.fcntl, "flock", recording_flock)
    with doc.buffered:
        doc["b"] = 2
        doc["c"] = 3
    monkeypatch.undo()
    assert locked == [files.fcntl.LOCK_EX]
    assert ProcessLock._held == {}
    assert not _held_by_another_process(path)
    assert json.loads(path.read_text()) == {"a": 1, "b": 2, "c": 3}
