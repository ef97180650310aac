"""The workspace index: a persistent, stat-validated record of what a scan would find.

Three sidecar files in the project root (signac 1.x ignores them):

``.signac_index.ids``
    The job ids (one a line), with the workspace directory's ``(st_dev, st_ino,
    st_mtime_ns, st_ctime_ns)`` at the time they were listed.
``.signac_index.sp``
    State points by job id, each with the identity ``(st_mtime_ns,
    st_ctime_ns, st_size, st_ino)`` of the manifest it was read from (a
    binary table, :mod:`signac_core._manifest_table`, then the JSON of the
    state points). Only state points read from a manifest and found to hash
    to their id are recorded, so an entry is never wrong for its id. Which
    jobs exist is decided by the id list; whether one job exists with a
    valid manifest (``open_job(id=...)``, a job's state point) by one
    ``os.stat`` of its manifest equal to the recorded identity.
``.signac_index.doc``
    Job documents by id, each with its file's identity (:func:`identity`)
    when it was read.

The index is never the source of truth: deleting the files changes no
answer, only the speed. An entry is used only while the stat it was recorded
with still matches (the workspace directory's for the id list, the document
file's for a document, the manifest's for a job opened by id). Following
git's answer to the "racy" index, an entry recorded within
:data:`~signac_core._workspace.RACY_MARGIN_NS` of the change it describes
is never recorded as trusted, so a later change within the same timestamp tick cannot hide behind
an unchanged stat. A project whose timestamps look coarse (whole hundredths
of a second), or whose configuration says ``index = off`` (or the
environment ``SIGNAC_INDEX=off``), does not use the index at all.

Each file is written by an atomic replace and starts with a magic line and a
checksummed header (kind, workspace path, body length and CRC-32), so a
torn, truncated, foreign or stale-format file is detected and ignored (and
replaced by the next update). The manifest table is read through ``mmap``
without checking its CRC (that would read it all): a record counts only when
it equals a fresh stat byte for byte, so damage there can only cost reads.
Any number of processes may read and update the files; a lost update only
costs speed. A read never fails because the index cannot be written
(read-only file system, a directory in the way, no permission): the handle
then stops trying and answers from the file system.

Not covered: a manifest edited in place behind the library's back is still
taken from the index by scans of listed jobs (searches, iteration of
cursors; job manifests are written once, and ``project.check()`` finds such
jobs), and clocks skewed against a network file server (turn the index off
there).
"""

from __future__ import annotations

import json
import logging
import mmap
import os
import stat
import threading
import zlib
from collections.abc import Iterable, Mapping
from typing import Any

from synced_collections.files import read_small_file, write_atomic

from . import _manifest_table as _table
from . import _workspace
from ._hashing import calc_id
from ._workspace import FN_MANIFEST, WorkspaceListing, coarse, read_with_stat, settled
from .errors import WorkspaceError

logger = logging.getLogger(__name__)

#: The sidecar files, by kind (in the project root).
FN_INDEX = {"ids": ".signac_index.ids", "sp": ".signac_index.sp", "doc": ".signac_index.doc"}

#: The first line of every index file; a file that does not start with it is foreign.
MAGIC = b"signac-core index 2\n"

#: Single reads are recorded in batches of at least this many (and at least as
#: many as the state point file holds: an amortized linear cost).
MIN_BATCH = 256

_OFF = frozenset({"off", "false", "no", "0", "disabled"})


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


def _header(blob: Any, kind: str, workspace: str) -> tuple[dict[str, Any], int] | None:
    """Return the header of an index file (bytes or an mmap) and where its body starts."""
    if not blob or blob[: len(MAGIC)] != MAGIC:
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
    if header.get("workspace") != workspace or header.get("size") != len(blob) - end - 1:
        return None
    return header, end + 1


def decode(blob: bytes | None, kind: str, workspace: str) -> tuple[dict[str, Any], bytes] | None:
    """Return ``(header, body)`` of an index file, or None if it is torn, foreign or absent."""
    found = _header(blob, kind, workspace)
    if found is None:
        return None
    header, start = found
    body = blob[start:]  # type: ignore[index]
    if header.get("crc") != zlib.crc32(body):
        return None
    return header, body


def _map(path: str) -> Any:
    """Return an mmap of the regular file ``path`` (None if it is absent, empty or unreadable)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not st.st_size:
            return None
        return mmap.mmap(fd, st.st_size, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)


def is_enabled(setting: Any) -> bool:
    """Return False if a configuration value (or ``SIGNAC_INDEX``) turns the index off."""
    if str(os.environ.get("SIGNAC_INDEX", "on")).strip().lower() in _OFF:
        return False
    return setting is None or str(setting).strip().lower() not in _OFF


def identity(st: os.stat_result) -> list[int]:
    """Return what an index entry records of a file: ``[st_mtime_ns, st_ctime_ns, st_size, st_ino]``.

    Any write, replacement or restored copy changes it (the change time
    cannot be set by a user). The manifest table packs the same four values.
    """
    return [st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino]


def read_document_file(filename: str, stacklevel: int = 5) -> tuple[Any, os.stat_result | None]:
    """Read a job document; return it with the stat of the file that was read.

    The stat is taken from the open file *before* reading it, so a change
    while reading makes it stale, never wrong. The document is ``{}`` when
    the file does not exist (stat None) and None when it is unreadable (with
    a warning, as in a scan).
    """
    from ._documents import parse_document

    try:
        blob, st = read_with_stat(filename)
    except (FileNotFoundError, NotADirectoryError):
        return {}, None
    return parse_document(blob, filename, stacklevel=stacklevel), st


def _ids_ok(body: bytes) -> bool:
    """Return True if ``body`` is 32-digit lowercase hex ids, one a line (no final newline)."""
    if not body:
        return True
    count = (len(body) + 1) // 33
    return (
        len(body) == 33 * count - 1
        and body[32::33] == b"\n" * (count - 1)
        and body.count(b"\n") == count - 1
        and not body.translate(None, b"0123456789abcdef\n")
    )


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
        self._table: _table.Table | None = None  # the mapped state point file
        self._sp_section: tuple[Any, int, Any] | None = None  # its JSON: (buffer, start, crc)
        self._new: dict[str, bytes] = {}  # records not written yet
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
        if coarse(st.st_mtime_ns, st.st_ctime_ns):
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
                if _workspace._now_ns() - self._listed_at >= _workspace._MAX_AGE_NS:
                    self._scan(stamp)
            elif self._listed_at == 0:  # a new handle: the index file, if it is current
                found = self._load("ids")
                if found is not None and _stamp_of(found[0]) == stamp and _ids_ok(found[1]):
                    self._ids, self._body = None, found[1]
                    self._stamp, self._listed_at = stamp, _workspace._now_ns()
                else:
                    self._scan(stamp)
            else:
                self._scan(stamp)
            if count_only and self._ids is None:
                return (len(self._body) + 1) // 33
            if self._ids is None:  # decoded when first needed
                text = self._body.decode("ascii")
                self._ids = dict.fromkeys(text.split("\n")) if text else {}
            return len(self._ids) if count_only else self._ids

    def _scan(self, stamp: tuple[int, ...]) -> None:
        ids = self.listing.ids()  # listed after the stat: the stamp can only be older
        self._ids = ids
        self._listed_at = _workspace._now_ns()
        if settled(stamp[2], stamp[3]):
            self._stamp = stamp
            self._dirty.add("ids")
            self.flush()
        else:  # racy: a change in the same tick would not show in the stamp
            self._stamp = None

    # -- state points and their verified manifests ----------------------------------
    def _sp_file(self) -> _table.Table:
        """Map the state point file (once; again after this handle wrote it)."""
        table = self._table
        if table is None:
            with self._lock:
                table = self._table
                if table is None:
                    table, self._sp_section = _table.EMPTY, None
                    buf = _map(self.path("sp"))
                    found = _header(buf, "sp", self.workspace) if buf is not None else None
                    if found is not None:
                        header, start = found
                        bits, count, size = (
                            header.get("bits"),
                            header.get("count"),
                            header.get("table"),
                        )
                        if (
                            isinstance(bits, int)
                            and isinstance(count, int)
                            and 0 < bits <= 32
                            and count >= 0
                            and size == _table.table_size(bits, count)
                            and start + size <= len(buf)
                        ):
                            table = _table.Table(buf, start, bits, count)
                            self._sp_section = (buf, start + size, header.get("spcrc"))
                    if table is _table.EMPTY and os.path.lexists(self.path("sp")):
                        logger.info("Ignoring an invalid index file '%s'.", self.path("sp"))
                    self._table = table
        return table

    def _load_statepoints(self) -> dict[str, dict[str, Any]]:
        if self._statepoints is None:
            self._sp_file()
            statepoints: Any = None
            if self._sp_section is not None:
                buf, start, crc = self._sp_section
                blob = buf[start:]
                if zlib.crc32(blob) == crc:
                    try:
                        statepoints = json.loads(blob)
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

    def verified(self, job_id: str) -> bool:
        """Return True if one ``os.stat`` shows the job's manifest is the file once verified.

        The manifest then exists and hashes to ``job_id`` without being read.
        False means "read it": no record, or another file. (A record is only
        made from timestamps that are not coarse, so a match never rests on
        coarse ones.)
        """
        if not self.enabled:
            return False
        table = self._table or self._sp_file()
        if not table.count and not self._new:
            return False
        try:
            st = os.stat(f"{self.workspace}{os.sep}{job_id}{os.sep}{FN_MANIFEST}")
            rec = _table.record(job_id, st)
        except (OSError, ValueError):
            return False
        return rec in table or self._new.get(job_id) == rec

    def add_statepoints(
        self,
        statepoints: Mapping[str, dict[str, Any]],
        stats: Mapping[str, os.stat_result],
        flush: bool = True,
    ) -> None:
        """Record state points read from manifests, with the stat of each file read.

        Only a state point that hashes to its id, read from a manifest whose
        timestamps are outside the racy margin of now, is recorded. With
        ``flush=False`` (single reads) the file is written only once the
        records not written yet are as many as those written (amortized
        linear cost), or by the next bulk read.
        """
        if not (self.enabled and self.writable) or not (stats or self._new):
            return
        with self._lock:
            known = self._load_statepoints()
            for job_id, st in stats.items():
                sp = statepoints.get(job_id)
                if sp is None or not settled(st.st_mtime_ns, st.st_ctime_ns):
                    continue
                if calc_id(sp) == job_id:
                    known[job_id] = sp
                    self._new[job_id] = _table.record(job_id, st)
            if self._new and (flush or len(self._new) >= max(MIN_BATCH, self._sp_file().count)):
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
                        current = identity(stat(filename))
                    except OSError:
                        current = None
                    if entry[:4] == current:
                        out[job_id] = entry[4]
                        continue
                doc, st = read_document_file(filename)
                out[job_id] = doc
                if entry is not None:
                    del known[job_id]
                    self._dirty.add("doc")
                if st is not None and doc is not None and settled(st.st_mtime_ns, st.st_ctime_ns):
                    known[job_id] = [*identity(st), doc]
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
                body = "\n".join(self._ids).encode("ascii")
                blob = encode(
                    kind, self.workspace, body, stamp=list(self._stamp), count=len(self._ids)
                )
            elif kind == "sp":
                blob = self._encode_statepoints(current)
            else:
                data: Any = self._documents
                if current is not None:  # compact: leave out removed jobs
                    data = {k: v for k, v in data.items() if k in current}
                blob = encode(kind, self.workspace, json.dumps(data).encode())
            try:
                _write_file(self.path(kind), blob)
            except OSError as error:
                logger.info("Not updating the index of '%s': %s", self.root, error)
                self.writable = False
                break
            if kind == "sp":  # map the new file when next needed
                self._table, self._sp_section, self._new = None, None, {}
        self._dirty.clear()

    def _encode_statepoints(self, current: Mapping[str, None] | None) -> bytes:
        """Return the state point file: the table of verified manifests, then their state points."""
        statepoints = self._load_statepoints()
        records = self._sp_file().records()
        records.update(self._new)
        records = {
            k: v
            for k, v in records.items()
            if k in statepoints and (current is None or k in current)  # compact
        }
        table, bits = _table.pack(records)
        section = json.dumps({k: statepoints[k] for k in records}).encode()
        return encode(
            "sp",
            self.workspace,
            table + section,
            bits=bits,
            count=len(records),
            table=len(table),
            spcrc=zlib.crc32(section),
        )
