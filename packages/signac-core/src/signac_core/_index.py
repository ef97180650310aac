"""The workspace index: a persistent, stat-validated record of what a scan would find.

Three sidecar files in the project root (signac 1.x ignores them):

``.signac_index.ids``
    The job ids, with the workspace directory's ``(st_dev, st_ino,
    st_mtime_ns, st_ctime_ns)`` at the time they were listed.
``.signac_index.sp``
    State points by job id. Only state points that hash to their id are
    recorded, so an entry is never wrong for its id; which jobs exist is
    decided by the id list.
``.signac_index.doc``
    Job documents by id, each with its file's ``(st_mtime_ns, st_size,
    st_ino)`` when it was read.

The index is never the source of truth: deleting the files changes no
answer, only the speed. An entry is used only while the stat it was recorded
with still matches (the workspace directory's for the id list, the document
file's for a document). Following git's answer to the "racy" index, an entry
recorded within :data:`RACY_MARGIN_NS` of the change it describes is never
recorded as trusted, so a later change within the same timestamp tick cannot
hide behind an unchanged stat. A project whose timestamps look coarse (whole
hundredths of a second), or whose configuration says ``index = off`` (or the
environment ``SIGNAC_INDEX=off``), does not use the index at all.

Each file is written by an atomic replace and starts with a magic line and a
checksummed header (kind, workspace path, body length and CRC-32), so a
torn, truncated, foreign or stale-format file is detected and ignored (and
replaced by the next update). Any number of processes may read and update the
files; a lost update only costs speed. A read never fails because the index
cannot be written (read-only file system, a directory in the way, no
permission): the handle then stops trying and answers from the file system.

Not covered: a state point manifest edited in place behind the library's
back (job manifests are written once; ``project.check()`` finds such jobs),
and clocks skewed against a network file server (turn the index off there).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import zlib
from collections.abc import Iterable, Mapping
from typing import Any

from synced_collections.files import read_small_file, write_atomic

from ._hashing import calc_id
from ._workspace import WorkspaceListing
from .errors import WorkspaceError

logger = logging.getLogger(__name__)

#: The sidecar files, by kind (in the project root).
FN_INDEX = {"ids": ".signac_index.ids", "sp": ".signac_index.sp", "doc": ".signac_index.doc"}

#: The first line of every index file; a file that does not start with it is foreign.
MAGIC = b"signac-core index 1\n"

#: An entry whose timestamp is this close to the time it was recorded (or
#: later) is not trusted: a change within the same timestamp tick would not
#: change the stat (git's "racy" entries).
RACY_MARGIN_NS = 50_000_000

#: Timestamps that are all multiples of this are too coarse for the index.
COARSE_NS = 10_000_000

_OFF = frozenset({"off", "false", "no", "0", "disabled"})


def _now() -> int:
    """Return the time an entry is recorded at (nanoseconds; tests replace it)."""
    return time.time_ns()


def _write_file(path: str, blob: bytes) -> None:
    """Replace ``path`` by ``blob`` atomically (the one writer of index files)."""
    write_atomic(path, blob)


def _read_file(path: str) -> bytes | None:
    """Return the contents of ``path`` (None if it is absent or unreadable)."""
    try:
        return read_small_file(path)
    except OSError:  # absent, a directory, unreadable
        return None


def encode(kind: str, workspace: str, body: bytes, **extra: Any) -> bytes:
    """Return the bytes of an index file of ``kind`` with ``body``."""
    header = json.dumps(
        {"kind": kind, "workspace": workspace, "size": len(body), "crc": zlib.crc32(body), **extra}
    ).encode()
    return b"%s%08x %s\n%s" % (MAGIC, zlib.crc32(header), header, body)


def decode(blob: bytes | None, kind: str, workspace: str) -> tuple[dict[str, Any], bytes] | None:
    """Return ``(header, body)`` of an index file, or None if it is torn, foreign or absent."""
    if not blob or not blob.startswith(MAGIC):
        return None
    end = blob.find(b"\n", len(MAGIC))
    if end < 0:
        return None
    line = blob[len(MAGIC) : end]
    try:
        crc, header_blob = int(line[:8], 16), line[9:]
        if zlib.crc32(header_blob) != crc:
            return None
        header = json.loads(header_blob)
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("kind") != kind:
        return None
    if header.get("workspace") != workspace:
        return None
    body = blob[end + 1 :]
    if header.get("size") != len(body) or header.get("crc") != zlib.crc32(body):
        return None
    return header, body


def is_enabled(setting: Any) -> bool:
    """Return False if a configuration value (or ``SIGNAC_INDEX``) turns the index off."""
    if str(os.environ.get("SIGNAC_INDEX", "on")).strip().lower() in _OFF:
        return False
    return setting is None or str(setting).strip().lower() not in _OFF


def read_document_file(
    filename: str, stacklevel: int = 5
) -> tuple[Any, tuple[int, int, int] | None]:
    """Read a job document; return it with the identity of the file that was read.

    The identity ``(st_mtime_ns, st_size, st_ino)`` is taken from the open
    file *before* reading it, so a change while reading makes it stale,
    never wrong. The document is ``{}`` when the file does not exist (identity
    None) and None when it is unreadable (with a warning, as in a scan).
    """
    from ._documents import parse_document

    try:
        fd = os.open(filename, os.O_RDONLY)
    except (FileNotFoundError, NotADirectoryError):
        return {}, None
    try:
        st = os.fstat(fd)
        chunks = []
        while True:
            chunk = os.read(fd, max(st.st_size + 1, 65536))
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(fd)
    identity = (st.st_mtime_ns, st.st_size, st.st_ino)
    return parse_document(b"".join(chunks), filename, stacklevel=stacklevel), identity


def _MAX_AGE_NS() -> int:  # noqa: N802 - the listing's constant, read when used
    from . import _workspace

    return _workspace._MAX_AGE_NS


def _ids_ok(body: bytes) -> bool:
    """Return True if ``body`` is a sequence of 32-digit lowercase hex ids."""
    return len(body) % 32 == 0 and not body.translate(None, b"0123456789abcdef")


def _stamp_of(header: dict[str, Any]) -> tuple[int, ...] | None:
    stamp = header.get("stamp")
    return tuple(stamp) if isinstance(stamp, list) else None


class WorkspaceIndex:
    """The persistent index of one project's workspace (see the module docstring).

    Parameters
    ----------
    root : str
        The project root (the index files are written there).
    workspace : str
        The workspace directory.
    listing : WorkspaceListing
        Lists the workspace when the index cannot answer.
    setting : object, optional
        The project's ``index`` configuration value (``off`` disables the index).
    """

    def __init__(self, root: str, workspace: str, listing: WorkspaceListing, setting: Any = None):
        self.root = root
        self.workspace = workspace
        self.listing = listing
        self.enabled = is_enabled(setting)
        self.writable = True
        self._ids: dict[str, None] | None = None
        self._stamp: tuple[int, ...] | None = None  # trusted stamp of self._ids
        self._listed_at = 0
        self._body = b""  # the id list as read from the index file (decoded lazily)
        self._statepoints: dict[str, dict[str, Any]] | None = None
        self._documents: dict[str, list[Any]] | None = None
        self._dirty: set[str] = set()
        self._lock = threading.RLock()

    def path(self, kind: str) -> str:
        """Return the path of the index file of ``kind`` (``ids``, ``sp`` or ``doc``)."""
        return os.path.join(self.root, FN_INDEX[kind])

    def _load(self, kind: str) -> tuple[dict[str, Any], bytes] | None:
        found = decode(_read_file(self.path(kind)), kind, self.workspace)
        if found is None and os.path.lexists(self.path(kind)):
            logger.info("Ignoring an invalid index file '%s'.", self.path(kind))
        return found

    def _stat_workspace(self) -> tuple[int, ...] | None:
        try:
            st = os.stat(self.workspace)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise WorkspaceError(error) from error
        stamp = (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_ctime_ns)
        if st.st_mtime_ns % COARSE_NS == 0 and st.st_ctime_ns % COARSE_NS == 0:
            logger.info("Coarse timestamps in '%s': the index is off.", self.workspace)
            self.enabled = False
        return stamp

    # -- the id list -----------------------------------------------------------------
    def count(self) -> int:
        """Return the number of jobs (the index file's header is enough when current)."""
        return self._current(count_only=True)  # type: ignore[return-value]

    def ids(self) -> dict[str, None]:
        """Return the job ids as an insertion-ordered dict (shared: do not modify)."""
        return self._current(count_only=False)  # type: ignore[return-value]

    def _current(self, count_only: bool) -> dict[str, None] | int:
        if not self.enabled:
            ids = self.listing.ids()
            return len(ids) if count_only else ids
        with self._lock:
            stamp = self._stat_workspace()
            if stamp is None or not self.enabled:
                ids = self.listing.ids()
                return len(ids) if count_only else ids
            if self._stamp is not None and stamp == self._stamp:
                # Reused like the listing: same stamp, at most _MAX_AGE_NS old.
                if _now() - self._listed_at >= _MAX_AGE_NS():
                    self._scan(stamp)
            elif self._listed_at == 0:  # a new handle: the index file, if it is current
                found = self._load("ids")
                if found is not None and _stamp_of(found[0]) == stamp and _ids_ok(found[1]):
                    self._ids, self._body = None, found[1]
                    self._stamp, self._listed_at = stamp, _now()
                else:
                    self._scan(stamp)
            else:
                self._scan(stamp)
            if count_only and self._ids is None:
                return len(self._body) // 32
            if self._ids is None:  # decoded when first needed
                text = self._body.decode("ascii")
                self._ids = dict.fromkeys(text[i : i + 32] for i in range(0, len(text), 32))
            return len(self._ids) if count_only else self._ids

    def _scan(self, stamp: tuple[int, ...]) -> None:
        ids = self.listing.ids()  # listed after the stat: the stamp can only be older
        now = _now()
        self._ids = ids
        self._listed_at = now
        if max(stamp[2], stamp[3]) < now - RACY_MARGIN_NS:
            self._stamp = stamp
            self._dirty.add("ids")
            self.flush()
        else:  # racy: a change in the same tick would not show in the stamp
            self._stamp = None

    # -- state points ----------------------------------------------------------------
    def _load_statepoints(self) -> dict[str, dict[str, Any]]:
        if self._statepoints is None:
            found = self._load("sp")
            statepoints: Any = None
            if found is not None:
                try:
                    statepoints = json.loads(found[1])
                except ValueError:  # pragma: no cover - the checksum matched
                    statepoints = None
            self._statepoints = statepoints if isinstance(statepoints, dict) else {}
        return self._statepoints

    def statepoint(self, job_id: str) -> dict[str, Any] | None:
        """Return the indexed state point of a job (shared: do not modify), or None."""
        if not self.enabled:
            return None
        statepoints = self._statepoints
        if statepoints is None:
            with self._lock:
                statepoints = self._load_statepoints()
        return statepoints.get(job_id)

    def add_statepoints(self, statepoints: Mapping[str, dict[str, Any]]) -> None:
        """Record state points (each is checked against its id first)."""
        if not (self.enabled and self.writable):
            return
        with self._lock:
            known = self._load_statepoints()
            added = False
            for job_id, sp in statepoints.items():
                if job_id not in known and calc_id(sp) == job_id:
                    known[job_id] = sp
                    added = True
            if added:
                self._dirty.add("sp")
                self.flush()

    # -- documents -------------------------------------------------------------------
    def _load_documents(self) -> dict[str, list[Any]]:
        if self._documents is None:
            found = self._load("doc")
            documents: Any = None
            if found is not None:
                try:
                    documents = json.loads(found[1])
                except ValueError:  # pragma: no cover - the checksum matched
                    documents = None
            self._documents = documents if isinstance(documents, dict) else {}
        return self._documents

    def documents(self, job_ids: Iterable[str], fn_doc: str) -> dict[str, Any]:
        """Return the document of each job (plain, shared data: do not modify).

        A job whose document file does not exist has ``{}``; one whose
        document is unreadable has None (with a warning, as a scan gives).
        """
        wd, sep = self.workspace, os.sep
        if not self.enabled:
            from ._documents import read_document

            return {i: read_document(f"{wd}{sep}{i}{sep}{fn_doc}") for i in job_ids}
        with self._lock:
            known = self._load_documents()
            out: dict[str, Any] = {}
            stat = os.stat
            for job_id in job_ids:
                filename = f"{wd}{sep}{job_id}{sep}{fn_doc}"
                entry = known.get(job_id)
                if entry is not None:
                    try:
                        st = stat(filename)
                    except OSError:
                        st = None
                    if st is not None and entry[0] == st.st_mtime_ns:
                        if entry[1] == st.st_size and entry[2] == st.st_ino:
                            out[job_id] = entry[3]
                            continue
                doc, identity = read_document_file(filename)
                out[job_id] = doc
                if entry is not None:
                    del known[job_id]
                    self._dirty.add("doc")
                if identity is not None and doc is not None:
                    if identity[0] < _now() - RACY_MARGIN_NS:
                        known[job_id] = [*identity, doc]
                        self._dirty.add("doc")
            self.flush()
            return out

    # -- writing ---------------------------------------------------------------------
    def flush(self) -> None:
        """Write the changed index files (quietly: a failure only turns writing off)."""
        if not self._dirty:
            return
        if not self.writable:
            self._dirty.clear()
            return
        current = self._ids if self._stamp is not None else None
        for kind in sorted(self._dirty):
            if kind == "ids":
                assert self._ids is not None and self._stamp is not None
                body = "".join(self._ids).encode("ascii")
                blob = encode(
                    kind, self.workspace, body, stamp=list(self._stamp), count=len(self._ids)
                )
            else:
                data: Any = self._statepoints if kind == "sp" else self._documents
                if current is not None:  # compact: leave out removed jobs
                    data = {k: v for k, v in data.items() if k in current}
                blob = encode(kind, self.workspace, json.dumps(data).encode())
            try:
                _write_file(self.path(kind), blob)
            except OSError as error:
                logger.info("Not updating the index of '%s': %s", self.root, error)
                self.writable = False
                break
        self._dirty.clear()
