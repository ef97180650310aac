"""Atomic file I/O: the one owner of file writes, small-file reads and file locks.

Synced collections (and signac, which builds on them) write every file through
this module:

- :func:`write_atomic` and :func:`open_atomic` write a temporary file in the
  target's directory and move it over the target with :func:`os.replace`. A
  crash of the process leaves the old or the new file, never a torn one. With
  ``durable=True`` the file is also ``fsync``-ed before, and its directory
  after, the rename, so that the new contents survive a power loss.
- :func:`read_small_file` reads a whole file in as few system calls as possible.
- :class:`ProcessLock` is an exclusive inter-process lock on a file, held while
  a process loads, modifies and saves it.

Locking
-------
The lock is an ``flock`` on the file itself (no lock file): a writer opens the
file, locks it, and checks that the path still names the file it locked
(another writer may have replaced it in the meantime; then it retries on the new
file). The lock is held until the new contents have been renamed into place, so
every writer sees the previous writer's result. A missing file is created empty
to be locked (an empty file reads as empty); if the write then fails, the empty
file is removed again. ``flock`` locks die with their process: nothing stale
ever blocks a later writer.

This covers local POSIX file systems (ext4, xfs, btrfs, tmpfs, APFS, ...) and
NFS and Lustre mounts with working locks (Linux maps ``flock`` to NFS byte-range
locks; Lustre needs the ``flock`` mount option). Where the file system refuses
locks (``ENOSYS``, ``ENOLCK``, ``EOPNOTSUPP``, ...), writes go on without the
lock, after one :class:`LockingUnsupportedWarning` per file system: each write
is still atomic, but concurrent writers in different processes may lose each
other's updates. Without :mod:`fcntl` (Windows) there is no inter-process lock.
"""

from __future__ import annotations

import errno
import itertools
import os
import stat as stat_module
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from ._warn import warn_at_caller

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "LockingUnsupportedWarning",
    "ProcessLock",
    "open_atomic",
    "read_small_file",
    "write_atomic",
]

_READ_SIZE = 65536
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


class LockingUnsupportedWarning(RuntimeWarning):
    """The file system refuses file locks: files on it are written without the lock.

    Emitted once per file system. Writes stay atomic (no torn files), but
    concurrent writers in different processes may lose each other's updates.
    """


_tmp_counter = itertools.count()
_pid = os.getpid()  # reset in a forked child (see _forget_inherited_locks)
_SEP = os.sep if os.altsep is None else None  # None: split with os.path.split


def _temporary_name(filename: str) -> str:
    """Return a new hidden name beside ``filename`` (unique in this process; see O_EXCL)."""
    if _SEP is not None:
        head, sep, tail = filename.rpartition(_SEP)
        return f"{head}{sep}.{tail}.{_pid:x}-{next(_tmp_counter):x}.tmp"
    head, tail = os.path.split(filename)  # pragma: no cover - Windows
    return os.path.join(head, f".{tail}.{_pid:x}-{next(_tmp_counter):x}.tmp")


def _fsync_directory(dirname: str) -> None:
    try:
        fd = os.open(dirname or ".", os.O_RDONLY | _O_CLOEXEC)
    except OSError:  # pragma: no cover - e.g. Windows cannot open directories
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_all(fd: int, blob: bytes) -> None:
    written = os.write(fd, blob)
    if written < len(blob):  # pragma: no cover - only for huge writes or signals
        view = memoryview(blob)[written:]
        while view:
            view = view[os.write(fd, view) :]


def _write_temporary(
    filename: str, blob: bytes, durable: bool, mode: int | None
) -> tuple[str, int, os.stat_result]:
    """Write ``blob`` to a new temporary file beside ``filename``.

    Returns its name, its open descriptor and its status. ``mode``: the
    permission bits to give it (None: those of ``filename``, if it exists).
    """
    while True:
        tmp = _temporary_name(filename)
        try:
            fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | _O_CLOEXEC | _O_BINARY, 0o666)
            break
        except FileExistsError:  # pragma: no cover - left by a crashed process with our pid
            continue
    try:
        if mode is None:
            try:
                mode = os.stat(filename).st_mode & 0o7777
            except FileNotFoundError:
                pass
        _write_all(fd, blob)
        stat = os.fstat(fd)
        if mode is not None and stat.st_mode & 0o7777 != mode and hasattr(os, "fchmod"):
            os.fchmod(fd, mode)  # only when the umask gave other bits
        if durable:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        _remove(tmp)
        raise
    return tmp, fd, stat


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def write_atomic(
    filename: str | os.PathLike[str],
    data: bytes | str,
    *,
    durable: bool = False,
    mode: int | None = None,
) -> os.stat_result:
    """Replace the contents of ``filename`` with ``data`` atomically.

    Parameters
    ----------
    filename : str or os.PathLike
        The target file (its directory must exist). A symbolic link is
        replaced, not followed: pass the real path to replace a link's target.
    data : bytes or str
        The new contents (``str`` is encoded as UTF-8).
    durable : bool, optional
        Also ``fsync`` the file before and its directory after the rename, so
        that the new contents survive a power loss (Default value = False: the
        write survives a crash of the process, not of the machine).
    mode : int, optional
        The permission bits of the new file. Default: those of the file being
        replaced, or ``0o666`` minus the umask for a new file.

    Returns
    -------
    os.stat_result
        The status of the new file (taken before the rename).
    """
    filename = os.fspath(filename)
    blob = data.encode("utf-8") if isinstance(data, str) else data
    tmp, fd, stat = _write_temporary(filename, blob, durable, mode)
    try:
        os.close(fd)
        os.replace(tmp, filename)
    except BaseException:
        _remove(tmp)
        raise
    if durable:
        _fsync_directory(os.path.dirname(filename))
    return stat


@contextmanager
def open_atomic(
    filename: str | os.PathLike[str], *, durable: bool = False, mode: int | None = None
) -> Iterator[IO[bytes]]:
    """Open a binary file whose contents replace ``filename`` atomically on success.

    The file object writes to a temporary file in the same directory; when the
    block ends without an exception it is moved over ``filename`` (if the
    block raises, the temporary file is removed and ``filename`` is untouched).

    Parameters
    ----------
    filename : str or os.PathLike
        The target file (its directory must exist).
    durable : bool, optional
        As for :func:`write_atomic` (Default value = False).
    mode : int, optional
        As for :func:`write_atomic`.

    Yields
    ------
    file object
        A binary file open for writing.
    """
    filename = os.fspath(filename)
    tmp, fd, _ = _write_temporary(filename, b"", False, mode)
    try:
        with os.fdopen(fd, "wb") as file:
            yield file
            file.flush()
            if durable:
                os.fsync(file.fileno())
        os.replace(tmp, filename)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if durable:
        _fsync_directory(os.path.dirname(filename))


def _read_fd(fd: int) -> bytes:
    chunk = os.read(fd, _READ_SIZE)
    if len(chunk) < _READ_SIZE:  # a short read of a regular file is its end
        return chunk
    chunks = [chunk]
    while chunk:
        chunk = os.read(fd, 4 * _READ_SIZE)
        chunks.append(chunk)
    return b"".join(chunks)


def read_small_file(filename: str | os.PathLike[str]) -> bytes:
    """Read a whole file: one ``open``, usually one ``read``, one ``close``.

    Parameters
    ----------
    filename : str or os.PathLike
        The file to read.

    Returns
    -------
    bytes
        The contents.

    Raises
    ------
    FileNotFoundError
        If the file does not exist (and other :class:`OSError` as ``open``).
    """
    fd = os.open(filename, os.O_RDONLY | _O_CLOEXEC | _O_BINARY)
    try:
        return _read_fd(fd)
    finally:
        os.close(fd)


def _metadata(stat: os.stat_result) -> tuple[int, int, int, int]:
    """Return what changes whenever a file is replaced or written: device, inode, size, mtime."""
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _read_with_metadata(filename: str) -> tuple[bytes | None, Any]:
    """Return ``(contents, metadata)`` of a file, ``(None, None)`` if it does not exist."""
    try:
        fd = os.open(filename, os.O_RDONLY | _O_CLOEXEC | _O_BINARY)
    except FileNotFoundError:
        return None, None
    try:
        metadata = _metadata(os.fstat(fd))
        return _read_fd(fd), metadata
    finally:
        os.close(fd)


# Errors of flock() that mean "this file system does not do locks".
_REFUSED = frozenset(
    code
    for code in (
        getattr(errno, name, None) for name in ("ENOSYS", "ENOLCK", "EOPNOTSUPP", "ENOTSUP")
    )
    if code is not None
)
#: Devices on which flock() was refused (written without the lock from then on).
_unlockable_devices: set[int] = set()


class _Held:
    """A lock held by one thread: descriptor, status at locking, real path."""

    __slots__ = ("count", "created", "fd", "final", "names", "path", "stat")

    def __init__(self, fd: int, stat: os.stat_result | None, created: bool, path: str):
        self.fd = fd
        self.stat = stat  # None: not locked (refused by the file system, or no fcntl)
        self.created = created
        self.path = path
        self.count = 0
        self.names: list[str] = []
        # True: the next replace is the last act under this lock (it releases it).
        self.final = False


class ProcessLock:
    """An exclusive inter-process lock on a file, reentrant within one thread.

    Locks the file itself with ``flock`` (see the module documentation): no
    lock file is created, and a crashed holder's lock is released by the
    operating system. A thread that holds the lock may take it again, also
    through another name of the same file.

    Parameters
    ----------
    filename : str or os.PathLike
        The file to lock. A missing file is created empty (and removed again
        if it is still that empty file when the lock is released).
    """

    # (file name or (device, inode), thread id) -> the lock held by that thread.
    _held: dict[Any, _Held] = {}
    _guard = threading.Lock()

    __slots__ = ("_filename", "_state")

    def __init__(self, filename: str | os.PathLike[str]):
        filename = os.fspath(filename)
        self._filename = filename if filename[:1] == "/" else os.path.abspath(filename)
        self._state: _Held | None = None

    @property
    def path(self) -> str:
        """str: The real path of the locked file (symbolic links resolved): the one to replace."""
        return self._filename if self._state is None else self._state.path

    @property
    def stat(self) -> os.stat_result | None:
        """os.stat_result or None: The locked file's status when locked (None if not locked)."""
        return None if self._state is None else self._state.stat

    def read(self) -> bytes | None:
        """Read the locked file (None if it did not exist before it was locked).

        Returns
        -------
        bytes or None
            The contents, or None if the lock had to create the file.
        """
        state = self._state
        if state is None or state.stat is None:
            try:
                return read_small_file(self.path)
            except FileNotFoundError:
                return None
        if state.created and state.stat.st_size == 0:
            return None
        return _read_locked(state)

    def replace(self, data: bytes | str, *, durable: bool = False) -> None:
        """Replace the contents of the locked file atomically, keeping the lock.

        Like :func:`write_atomic` on :attr:`path`; the new file is locked before
        it is renamed into place, so the lock stays held on the file that the
        name now refers to. Without a lock (refused), this is :func:`write_atomic`.

        Parameters
        ----------
        data : bytes or str
            The new contents (``str`` is encoded as UTF-8).
        durable : bool, optional
            As for :func:`write_atomic` (Default value = False).
        """
        state = self._state
        if state is None or state.stat is None:
            write_atomic(self.path, data, durable=durable)
            return
        _replace_locked(state, data.encode("utf-8") if isinstance(data, str) else data, durable)

    def _mark_final(self) -> None:
        """Declare the next :meth:`replace` the last act under this lock.

        If no other holder in this thread shares the lock, that replace releases
        it with the old file instead of moving it to the new one (saving a lock
        of the new file); :meth:`__exit__` must still be called.
        """
        state = self._state
        if state is not None and state.count == 1:
            state.final = True

    def __enter__(self) -> ProcessLock:
        filename = self._filename
        thread = threading.get_ident()
        state = self._held.get((filename, thread))
        if state is None:
            state = self._acquire(thread)
            # Keys hold the thread id, so no other thread touches them: no guard needed.
            self._held[(filename, thread)] = state
            state.names.append(filename)
        state.count += 1
        self._state = state
        return self

    def _acquire(self, thread: int) -> _Held:
        filename = self._filename
        if fcntl is None:  # pragma: no cover - Windows
            return _Held(-1, None, False, os.path.realpath(filename))
        while True:
            created = False
            try:
                fd = os.open(filename, os.O_RDWR | _O_CLOEXEC)
            except FileNotFoundError:
                try:
                    fd = os.open(filename, os.O_RDWR | os.O_CREAT | os.O_EXCL | _O_CLOEXEC, 0o666)
                    created = True
                except FileExistsError:
                    continue
            except PermissionError:  # a read-only file can still be locked (and replaced)
                fd = os.open(filename, os.O_RDONLY | _O_CLOEXEC)
            try:
                opened = os.fstat(fd)
                inode = (opened.st_dev, opened.st_ino, thread)
                state = self._held.get(inode)
                if state is not None:  # this thread holds it under another name
                    os.close(fd)
                    return state
                if opened.st_dev in _unlockable_devices:
                    return self._unlocked(fd, created)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                except OSError as error:
                    if error.errno not in _REFUSED:
                        raise
                    _refused(opened.st_dev, os.path.dirname(filename), error)
                    return self._unlocked(fd, created)
                # Does the name still lead to the file we locked? A writer may have
                # replaced it meanwhile. Only a symbolic link as the last component
                # needs resolving: rename() follows links in the directories.
                path = filename
                try:
                    current = os.lstat(path)
                    if stat_module.S_ISLNK(current.st_mode):
                        path = os.path.realpath(filename)
                        current = os.stat(path)
                except FileNotFoundError:
                    current = None
                if (
                    current is not None
                    and current.st_ino == opened.st_ino
                    and current.st_dev == opened.st_dev
                ):
                    state = _Held(fd, opened, created, path)
                    self._held[inode] = state
                    return state
            except BaseException:
                os.close(fd)
                if created:
                    _remove(filename)
                raise
            os.close(fd)  # replaced (or removed) since we opened it: lock the new file

    def _unlocked(self, fd: int, created: bool) -> _Held:
        os.close(fd)
        if created:  # nothing to lock: do not leave the empty file behind
            try:
                os.unlink(self._filename)
            except FileNotFoundError:  # pragma: no cover
                pass
        return _Held(-1, None, False, os.path.realpath(self._filename))

    def __exit__(self, *exc: object) -> None:
        state = self._state
        assert state is not None
        self._state = None
        state.count -= 1
        if state.count > 0:
            return
        thread = threading.get_ident()
        held = self._held
        for name in state.names:
            del held[(name, thread)]
        if state.stat is not None:
            del held[(state.stat.st_dev, state.stat.st_ino, thread)]
        if state.fd < 0:
            return
        try:
            if state.created:
                # Created only to be locked: remove it if nothing was written.
                try:
                    current = os.stat(state.path)
                    if (
                        current.st_size == 0
                        and state.stat is not None
                        and os.path.samestat(current, state.stat)
                    ):
                        os.unlink(state.path)
                except FileNotFoundError:
                    pass
        finally:
            os.close(state.fd)  # releases the lock


def _forget_inherited_locks() -> None:
    # A forked child shares its parent's open file descriptions, and with them the
    # parent's flock locks: it must not think it holds them (its thread ids may be the
    # parent's), and its copies of the descriptors must not keep the parent's locks
    # alive. It closes them (the parent keeps its locks); its next lock opens the file
    # anew and waits for the parent.
    global _pid
    _pid = os.getpid()
    states = {id(state): state for state in ProcessLock._held.values()}
    ProcessLock._held.clear()
    for state in states.values():
        if state.fd >= 0:
            try:
                os.close(state.fd)
            except OSError:  # pragma: no cover
                pass


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_inherited_locks)


def _refused(device: int, dirname: str, error: OSError) -> None:
    with ProcessLock._guard:
        first = device not in _unlockable_devices
        _unlockable_devices.add(device)
    if first:
        warn_at_caller(
            f"The file system of {dirname!r} refuses file locks ({error.strerror}): files on "
            "it are written without the inter-process lock. Each write still replaces the "
            "file atomically (no torn files), but concurrent writers in different processes "
            "may lose each other's updates.",
            LockingUnsupportedWarning,
        )


def _held(filename: str) -> _Held | None:
    """Return the lock this thread holds on ``filename`` (None if none, or not locked)."""
    state = ProcessLock._held.get((filename, threading.get_ident()))
    return None if state is None or state.stat is None else state


def _read_locked(state: _Held) -> bytes:
    """Read the file this thread has locked, through the lock's descriptor."""
    size = state.stat.st_size  # type: ignore[union-attr]
    blob = os.pread(state.fd, size + 1, 0)
    if len(blob) > size:  # grew since it was locked (a writer that ignores the lock)
        os.lseek(state.fd, 0, os.SEEK_SET)
        blob = _read_fd(state.fd)
    return blob


def _replace_locked(state: _Held, blob: bytes, durable: bool) -> None:
    """Replace the file of a held lock and move the lock to the new file.

    If the lock's holder marked this replace as its last act under the lock
    (``state.final``, with no other holder in this thread), the lock is not
    moved: it is released with the old file right after the rename.
    """
    old = state.stat
    assert old is not None and fcntl is not None
    tmp, fd, new = _write_temporary(state.path, blob, durable, old.st_mode & 0o7777)
    thread = threading.get_ident()
    held = ProcessLock._held  # keys hold the thread id: no other thread touches them
    final = state.final
    state.final = False
    if final and state.count == 1:
        try:
            os.close(fd)
            os.replace(tmp, state.path)
        except BaseException:
            _remove(tmp)
            raise
        # Released: waiters on the old file wake up and find the new one.
        del held[(old.st_dev, old.st_ino, thread)]
        os.close(state.fd)
        state.fd = -1
        state.stat = None
        if durable:
            _fsync_directory(os.path.dirname(state.path))
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # nobody else can have it open yet
        os.replace(tmp, state.path)
    except BaseException:
        os.close(fd)
        _remove(tmp)
        raise
    del held[(old.st_dev, old.st_ino, thread)]
    held[(new.st_dev, new.st_ino, thread)] = state
    os.close(state.fd)  # writers waiting for the old file retry on the new one
    state.fd = fd
    state.stat = new
    state.created = False
    if durable:
        _fsync_directory(os.path.dirname(state.path))
