"""Atomic file writes and an inter-process lock for file-based backends.

Atomic writes
    :func:`write_atomic` writes to a temporary file in the target's directory,
    flushes and ``os.fsync``-s it, then ``os.replace``-s the target. Readers
    see either the old or the new contents, never a truncated file, and a
    crash leaves the old file (plus possibly an orphaned ``.*.tmp`` file).

Inter-process lock
    :class:`ProcessLock` serializes load-modify-save cycles on one file across
    processes (and threads). It takes an exclusive ``flock`` on a lock file
    ``.<name>.lock`` next to the data file and *removes the lock file before
    releasing the lock*, so no lock file is left behind. A waiter that obtains
    the lock on a file that was removed in the meantime notices that the path
    no longer refers to its inode and retries. This works on local POSIX file
    systems (ext4, xfs, btrfs, tmpfs, APFS, ...) and on NFS where the client
    supports locking (Linux maps ``flock`` to NFS byte-range locks). It does
    not protect against writers that do not take the lock. On platforms
    without :mod:`fcntl` (Windows) only the thread lock applies.
"""

from __future__ import annotations

import os
import threading
import uuid
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def write_atomic(filename: str, blob: bytes) -> Any:
    """Replace the contents of ``filename`` with ``blob`` atomically.

    Parameters
    ----------
    filename : str
        The target file. Its directory must exist.
    blob : bytes
        The new contents.

    Returns
    -------
    tuple
        The metadata of the new file, as returned by :func:`read_file`.
    """
    filename = os.path.realpath(filename)  # replace the target of a symbolic link, not the link
    dirname, basename = os.path.split(filename)
    tmp = os.path.join(dirname, f".{basename}.{uuid.uuid4().hex[:12]}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        try:
            view = memoryview(blob)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
            stat = os.fstat(fd)
        finally:
            os.close(fd)
        os.replace(tmp, filename)  # keeps inode, size and modification time
        return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def read_file(filename: str) -> tuple[bytes | None, Any]:
    """Read a file and return its contents and metadata.

    Returns
    -------
    tuple
        ``(contents, metadata)``, or ``(None, None)`` if the file does not
        exist. The metadata (inode, size, modification time) changes whenever
        the file is replaced.
    """
    try:
        fd = os.open(filename, os.O_RDONLY)
    except FileNotFoundError:
        return None, None
    try:
        stat = os.fstat(fd)
        metadata = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        size = max(stat.st_size, 65536) + 1
        chunk = os.read(fd, size)
        # A short read of a regular file is its end: skip the extra read() call
        # that would only confirm it (reads are on every access, so this counts).
        if len(chunk) < size and len(chunk) >= stat.st_size:
            return chunk, metadata
        chunks = [chunk]
        while chunk:
            chunk = os.read(fd, size)
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks), metadata


_READ_SIZE = 65536


def read_contents(filename: str) -> bytes | None:
    """Read a file's contents (None if it does not exist), in as few system calls as possible.

    Unlike :func:`read_file` no metadata is taken: one ``open``, usually one
    ``read`` (a short read of a regular file is its end) and one ``close``.
    """
    try:
        fd = os.open(filename, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        chunk = os.read(fd, _READ_SIZE)
        if len(chunk) < _READ_SIZE:
            return chunk
        chunks = [chunk]
        while chunk:
            chunk = os.read(fd, 4 * _READ_SIZE)
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


def file_metadata(filename: str) -> Any:
    """Return the metadata of a file as in :func:`read_file` (None if missing)."""
    try:
        stat = os.stat(filename)
    except FileNotFoundError:
        return None
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


class ProcessLock:
    """An exclusive, reentrant (per thread) inter-process lock on a file path.

    Parameters
    ----------
    filename : str
        The data file to protect; the lock file is ``.<name>.lock`` beside the
        file (beside the target if ``filename`` is a symbolic link).
    """

    _held: dict[tuple[str, int], list[int]] = {}
    _guard = threading.Lock()

    __slots__ = ("_lockname",)

    def __init__(self, filename: str):
        # Lock the real file, so that all names of one file share the lock.
        dirname, basename = os.path.split(os.path.realpath(filename))
        self._lockname = os.path.join(dirname, f".{basename}.lock")

    def __enter__(self) -> None:
        if fcntl is None:  # pragma: no cover
            return
        key = (self._lockname, threading.get_ident())
        entry = self._held.get(key)
        if entry is not None:
            entry[1] += 1
            return
        while True:
            fd = os.open(self._lockname, os.O_RDWR | os.O_CREAT, 0o666)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                held = os.fstat(fd)
                try:
                    current = os.stat(self._lockname)
                except FileNotFoundError:
                    current = None
            except BaseException:
                os.close(fd)
                raise
            if current is not None and (current.st_dev, current.st_ino) == (
                held.st_dev,
                held.st_ino,
            ):
                break
            os.close(fd)  # the file was removed by the previous holder; retry
        with self._guard:
            self._held[key] = [fd, 1]

    def __exit__(self, *exc: object) -> None:
        if fcntl is None:  # pragma: no cover
            return
        key = (self._lockname, threading.get_ident())
        entry = self._held[key]
        entry[1] -= 1
        if entry[1] > 0:
            return
        with self._guard:
            del self._held[key]
        try:
            os.unlink(self._lockname)
        except FileNotFoundError:  # pragma: no cover - removed by someone else
            pass
        finally:
            os.close(entry[0])
