"""The locking story: several handles on one file, in one process and in two.

- One process, two stores of the same file: HDF5 shares the open file, so
  both see each other's writes; a read-only handle excludes writers, and any
  handle excludes truncation (``H5StoreAlreadyOpenError``).
- Two processes: HDF5 file locking. A writer excludes everyone, readers
  exclude writers; the second one gets ``H5StoreAlreadyOpenError`` at once
  and the file is unchanged. ``locking=False`` is passed to h5py.
"""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from signac_h5store import H5Store, H5StoreAlreadyOpenError


def run_other_process(code, filename):
    """Run ``code`` with ``store = H5Store(filename)`` in another process; return stdout."""
    program = "import sys\nfrom signac_h5store import *\nstore = H5Store(sys.argv[1])\n"
    result = subprocess.run(
        [sys.executable, "-c", program + textwrap.dedent(code), filename],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


ATTEMPT = """
def attempt(action):
    try:
        return repr(action())
    except H5StoreAlreadyOpenError as error:
        return "locked"
print(attempt(lambda: store["a"]), attempt(lambda: store.__setitem__("b", 2)))
"""


def test_writer_excludes_another_process(h5s, file_bytes):
    h5s["a"] = 1
    with h5s:
        h5s["arr"] = np.arange(3)
        h5s.flush()
        assert run_other_process(ATTEMPT, h5s.filename) == "locked locked"
        assert h5s["arr"][2] == 2
    before = file_bytes(h5s.filename)
    assert run_other_process(ATTEMPT, h5s.filename) == "1 None"  # closed: it may write
    assert file_bytes(h5s.filename) != before
    assert h5s["b"] == 2  # and we see its write, nothing is cached


def test_readers_share_but_exclude_writers(h5s, file_bytes):
    h5s["a"] = 1
    before = file_bytes(h5s.filename)
    with h5s.open(mode="r"):
        assert run_other_process(ATTEMPT, h5s.filename) == "1 locked"
        assert h5s["a"] == 1
    assert file_bytes(h5s.filename) == before


def test_the_error_is_clear(h5s):
    h5s["a"] = 1
    code = """
    try:
        store["b"] = 2
    except H5StoreAlreadyOpenError as error:
        print(isinstance(error, OSError), error)
    """
    with h5s:
        out = run_other_process(code, h5s.filename)
    assert out.startswith("True Cannot open")
    assert "locked, because another process has it open" in out


def test_locking_argument_is_passed_to_h5py(h5s):
    h5s["a"] = 1
    code = """
    store = H5Store(sys.argv[1], locking=False)
    with store.open(mode="r"):
        print(store["a"])
    """
    with h5s:  # we hold the write lock; the other process does not ask for it
        assert run_other_process(code, h5s.filename) == "1"


def test_two_processes_writing_with_retries_lose_nothing(h5s):
    h5s["start"] = 0
    code = """
    import time
    tag = sys.argv[2]
    for i in range(25):
        while True:
            try:
                with store:
                    store[f"{tag}{i}"] = i
                    store[f"{tag}arr{i}"] = [i, i]
                break
            except H5StoreAlreadyOpenError:
                time.sleep(0.001)
    print("done")
    """
    program = (
        "import sys\nfrom signac_h5store import *\nstore = H5Store(sys.argv[1])\n"
        + textwrap.dedent(code)
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", program, h5s.filename, tag], stdout=subprocess.PIPE, text=True
        )
        for tag in "pq"
    ]
    outs = [proc.communicate(timeout=120)[0].strip() for proc in procs]
    assert outs == ["done", "done"]
    with h5s.open(mode="r"):
        assert len(h5s) == 101
        for tag in "pq":
            for i in range(25):
                assert h5s[f"{tag}{i}"] == i
                assert list(h5s[f"{tag}arr{i}"][()]) == [i, i]


def test_two_stores_in_one_process_share_the_file(filename):
    writer, reader = H5Store(filename), H5Store(filename)
    with writer, reader:
        for i in range(5):
            writer[str(i)] = np.full(2, i)
            assert reader[str(i)][1] == i  # sees the write at once
        reader["from_reader"] = 1
        assert writer["from_reader"] == 1
    with writer:
        with pytest.raises(H5StoreAlreadyOpenError, match="another handle in this process"):
            H5Store(filename).open(mode="w")
        assert len(writer) == 6  # nothing truncated
        with H5Store(filename).open(mode="r") as second:
            assert second["from_reader"] == 1


def test_read_only_handle_excludes_writers_in_the_process(filename, file_bytes):
    H5Store(filename)["a"] = 1
    before = file_bytes(filename)
    with H5Store(filename).open(mode="r"):
        other = H5Store(filename)
        with pytest.raises(H5StoreAlreadyOpenError, match="incompatible mode"):
            other["a"] = 2
        with pytest.raises(H5StoreAlreadyOpenError):
            other.open()
        assert other["a"] == 1  # reading is fine
    assert file_bytes(filename) == before
    H5Store(filename)["a"] = 2
    assert H5Store(filename)["a"] == 2


def test_closed_store_next_to_an_open_one_in_the_process(filename):
    opened, closed = H5Store(filename), H5Store(filename)
    with opened:
        opened["arr"] = np.arange(3)
        dataset = opened["arr"]
        closed["x"] = 1  # implicit open and close of a shared file ...
        assert closed["x"] == 1 and "arr" in closed and len(closed) == 2
        # ... leaves the open store and its datasets usable
        assert opened["x"] == 1
        np.testing.assert_array_equal(dataset[()], [0, 1, 2])
