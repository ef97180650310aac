"""The workspace on disk: listing job directories, reading and writing manifests.

Job directories are ``<workspace>/<32 hex digits>/``; each holds the job's
``signac_statepoint.json``. Everything here is plain ``os`` and ``json`` calls,
written so that many processes can work on one workspace at once: files are
written to a temporary name and renamed into place (``write_atomic`` of
:mod:`synced_collections.files`, the one owner of atomic file I/O), and readers retry briefly
when they see a file that is being replaced by a writer that does not write
atomically (signac 1.x).
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import threading
import time
from typing import Any

from synced_collections.files import write_atomic

from ._hashing import calc_id
from .errors import JobsCorruptedError, WorkspaceError

#: The state point manifest in each job directory.
FN_MANIFEST = "signac_statepoint.json"

#: The logger of workspace scans, under the name signac 1.7 used.
scan_logger = logging.getLogger("signac.contrib.project")

_JOB_ID = re.compile(r"\A[0-9a-f]{32}\Z")
_HEX = frozenset("0123456789abcdef")

try:
    _COARSE_CLOCK = time.CLOCK_REALTIME_COARSE  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - not Linux
    _COARSE_CLOCK = None

#: A stat is only trusted to vouch for what was read when its timestamps are
#: older than this (nanoseconds): a change within the same timestamp tick
#: would not change them (git's "racy" entries).
RACY_MARGIN_NS = 50_000_000

#: Timestamps that are all multiples of this look coarse (whole ticks).
COARSE_NS = 10_000_000

#: A listing is reused for at most this long (nanoseconds), even if the
#: directory looks unchanged: network file systems may serve a cached ``stat``
#: (NFS attribute caching) while a fresh listing would show changes.
_MAX_AGE_NS = 10_000_000_000


def is_job_id(name: str) -> bool:
    """Return True if ``name`` has the form of a job id (32 lowercase hex digits)."""
    return len(name) == 32 and _JOB_ID.match(name) is not None


def _now_ns() -> int:
    """Return the time now as file timestamps see it (nanoseconds; tests replace it)."""
    if _COARSE_CLOCK is not None:
        return time.clock_gettime_ns(_COARSE_CLOCK)
    return time.time_ns()  # pragma: no cover


def coarse(mtime_ns: int, ctime_ns: int) -> bool:
    """Return True if timestamps look too coarse to trust (whole :data:`COARSE_NS`)."""
    return mtime_ns % COARSE_NS == 0 and ctime_ns % COARSE_NS == 0


def settled(mtime_ns: int, ctime_ns: int, coarse_margin_ns: int | None = None) -> bool:
    """Return True if a stat with these timestamps may vouch for what was read.

    The one owner of the racy rule (the workspace listing and the index):
    the timestamps must lie outside :data:`RACY_MARGIN_NS` of now. Coarse
    timestamps vouch for nothing, unless ``coarse_margin_ns`` gives the
    (larger) margin they need.
    """
    margin = RACY_MARGIN_NS
    if coarse(mtime_ns, ctime_ns):
        if coarse_margin_ns is None:
            return False
        margin = coarse_margin_ns
    return max(mtime_ns, ctime_ns) < _now_ns() - margin


_O_READ = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def read_with_stat(filename: str) -> tuple[bytes, os.stat_result]:
    """Read a whole file; return it with the stat of the open file, taken before reading.

    A change while reading makes the stat stale (the file's timestamps move
    on), never wrong for what was read.

    Raises
    ------
    OSError
        As :func:`os.open` (``FileNotFoundError`` if the file does not exist).
    """
    fd = os.open(filename, _O_READ)
    try:
        st = os.fstat(fd)
        blob = os.read(fd, st.st_size + 1)
        if len(blob) > st.st_size:  # it grew meanwhile: read the rest
            chunks = [blob]
            while True:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                chunks.append(chunk)
            blob = b"".join(chunks)
    finally:
        os.close(fd)
    return blob, st


def read_manifest(
    workspace: str, job_id: str, stats: dict[str, os.stat_result] | None = None
) -> dict[str, Any]:
    """Read the state point of a job from its manifest file (unverified).

    With ``stats``, the stat of the file that was read is stored there under
    the job id.

    Raises
    ------
    KeyError
        When the job directory or its manifest does not exist (chaining no
        other exception, as signac 1.7's look-up).
    JobsCorruptedError
        When the manifest cannot be read or parsed.
    """
    fn = f"{workspace}{os.sep}{job_id}{os.sep}{FN_MANIFEST}"
    for attempt in range(3):
        try:
            blob, st = read_with_stat(fn)
        except (FileNotFoundError, NotADirectoryError):
            blob = None
        except OSError as error:
            raise JobsCorruptedError([job_id]) from error
        if blob is None:
            raise KeyError(job_id)
        try:
            statepoint = json.loads(blob.decode())
        except ValueError as error:
            if attempt < 2:  # a non-atomic writer (signac 1.x) may be half way
                time.sleep(0.01)
                continue
            raise JobsCorruptedError([job_id]) from error
        if not isinstance(statepoint, dict):
            raise JobsCorruptedError([job_id])
        if stats is not None:
            stats[job_id] = st
        return statepoint
    raise JobsCorruptedError([job_id])  # pragma: no cover


def read_verified(
    workspace: str, job_id: str, stats: dict[str, os.stat_result] | None = None
) -> dict[str, Any]:
    """Read a job's manifest and check that it matches the job id.

    With ``stats``, the stat of the verified file is stored there under the job id.

    Raises
    ------
    KeyError
        When the manifest does not exist.
    JobsCorruptedError
        When it is unreadable, invalid, or belongs to another id.
    """
    found: dict[str, os.stat_result] | None = {} if stats is not None else None
    statepoint = read_manifest(workspace, job_id, found)
    if calc_id(statepoint) != job_id:
        raise JobsCorruptedError([job_id])
    if found:
        stats.update(found)  # type: ignore[union-attr]
    return statepoint


def write_manifest(directory: str, statepoint: dict[str, Any]) -> None:
    """Write a manifest atomically, encoded exactly as signac 1.x does."""
    write_atomic(os.path.join(directory, FN_MANIFEST), json.dumps(statepoint))


class WorkspaceListing:
    """The set of job ids in a workspace, listed once and reused while valid.

    The listing is reused while the workspace directory's modification time
    is unchanged (adding or removing an entry changes it), so ``len`` and
    iteration cost one ``stat`` instead of a directory listing. A listing
    taken within the racy window of a change is not reused, and no listing
    is reused for more than 10 seconds (for network file systems, whose
    ``stat`` results may be cached by the client).

    Parameters
    ----------
    path : str
        The workspace directory.
    """

    def __init__(self, path: str):
        self.path = path
        self._ids: dict[str, None] | None = None
        self._stamp: tuple[int, int, int, int] | None = None
        self._sorted: tuple[dict[str, None], list[str]] | None = None
        self._listed_at = 0
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        """Forget the listing (after this process changed the workspace)."""
        self._stamp = None

    def _stat(self) -> tuple[int, int, int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise WorkspaceError(error) from error
        return (st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)

    def ids(self) -> dict[str, None]:
        """Return the job ids as an insertion-ordered dict (a set with order)."""
        with self._lock:
            now = _now_ns()
            stamp = self._stat()
            if stamp is None:
                self._report_missing()
                self._ids, self._stamp, self._sorted = {}, None, None
                return self._ids
            if (
                self._ids is not None
                and stamp == self._stamp
                and now - self._listed_at < _MAX_AGE_NS
            ):
                return self._ids
            ids = self._list()
            self._ids = ids
            self._sorted = None
            # Whole-second timestamps (some network file systems) need a margin of 2 s.
            self._stamp = stamp if settled(stamp[0], stamp[1], 2_000_000_000) else None
            self._listed_at = now
            return ids

    def _report_missing(self) -> None:
        """Report a missing workspace as signac 1.7 does (a broken link is an error)."""
        path = self.path
        if os.path.islink(path):
            raise WorkspaceError(
                FileNotFoundError(
                    errno.ENOENT, f"The link '{path}' pointing to the workspace is broken.", path
                )
            )
        if not os.path.isdir(os.path.dirname(path)):
            scan_logger.warning(
                "The path to the workspace directory '%s' does not exist.", os.path.dirname(path)
            )
        else:
            scan_logger.info("The workspace directory '%s' does not exist!", path)

    def _list(self) -> dict[str, None]:
        ids: dict[str, None] = {}
        try:
            with os.scandir(self.path) as entries:
                for entry in entries:
                    name = entry.name
                    if len(name) == 32 and _HEX.issuperset(name):
                        try:
                            if entry.is_dir():
                                ids[name] = None
                        except OSError:
                            continue
        except FileNotFoundError:
            return {}
        except OSError as error:
            raise WorkspaceError(error) from error
        return ids

    def sorted_ids(self) -> list[str]:
        """Return the job ids sorted (for prefix look-ups)."""
        ids = self.ids()
        if self._sorted is None or self._sorted[0] is not ids:
            self._sorted = (ids, sorted(ids))
        return self._sorted[1]


#: The kinds of hidden staging directories, ``.<job id>.<kind>-<random>``:
#: ``init`` (a new job with its manifest, renamed into place), ``moving`` (a
#: job whose state point changes: its data with the old or the new manifest),
#: ``copying`` (a move across file systems; the source is intact until the
#: copy is published) and ``removing`` (a job being deleted).
STAGING_KINDS = ("init", "moving", "copying", "removing")
_STAGING = re.compile(r"\A\.([0-9a-f]{32})\.(init|moving|copying|removing)-[0-9a-f]+\Z")


def staging_path(workspace: str, job_id: str, kind: str) -> str:
    """Return a fresh hidden staging path for ``job_id`` in ``workspace``."""
    return f"{workspace}{os.sep}.{job_id}.{kind}-{os.urandom(6).hex()}"


#: A staging directory younger than this (seconds since its last change) may
#: belong to an operation still running in another process; it is not a leftover.
STAGING_GRACE_SECONDS = 300


def staging_leftovers(workspace: str) -> list[tuple[str, str, str]]:
    """Return ``(path, job id, kind)`` of every staging directory left in a workspace.

    A staging directory only outlives its operation when the process was
    killed half way (or its clean-up failed); one changed within the last
    :data:`STAGING_GRACE_SECONDS` is taken to be in use and left out.
    """
    out = []
    limit = time.time() - STAGING_GRACE_SECONDS
    try:
        names = sorted(os.listdir(workspace))
    except FileNotFoundError:
        return []
    except OSError as error:
        raise WorkspaceError(error) from error
    for name in names:
        match = _STAGING.match(name)
        if match is not None:
            path = os.path.join(workspace, name)
            try:
                if os.stat(path).st_mtime > limit:
                    continue
            except FileNotFoundError:  # finished meanwhile
                continue
            out.append((path, match.group(1), match.group(2)))
    return out


def read_manifest_in(directory: str) -> dict[str, Any] | None:
    """Read the manifest of a directory; None when it is missing or unreadable."""
    try:
        with open(os.path.join(directory, FN_MANIFEST), "rb") as file:
            statepoint = json.loads(file.read().decode())
    except (OSError, ValueError):
        return None
    return statepoint if isinstance(statepoint, dict) else None


_O_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def create_job_dir(workspace: str, job_id: str, statepoint: dict[str, Any]) -> bool:
    """Create a job directory with its manifest in one atomic step.

    The directory is prepared under a hidden name and renamed into place, so
    no other process ever sees a job directory without its manifest.

    Returns
    -------
    bool
        False if the job directory exists already (nothing was changed).
    """
    import shutil

    final = f"{workspace}{os.sep}{job_id}"
    staging = staging_path(workspace, job_id, "init")
    try:
        os.mkdir(staging)
    except FileNotFoundError:
        os.makedirs(workspace, exist_ok=True)
        os.mkdir(staging)
    try:
        fd = os.open(f"{staging}{os.sep}{FN_MANIFEST}", _O_CREATE, 0o666)
        try:
            blob = json.dumps(statepoint).encode()  # ASCII: as 1.x writes it
            if os.write(fd, blob) != len(blob):  # pragma: no cover - a full disk
                raise OSError(errno.ENOSPC, "Short write of a manifest", staging)
        finally:
            os.close(fd)
        os.rename(staging, final)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        if error.errno in (errno.EEXIST, errno.ENOTEMPTY):
            return False
        raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return True


def mkdir_job(workspace: str, job_id: str) -> str:
    """Create the directory of a job (and the workspace) if needed; return its path."""
    path = f"{workspace}{os.sep}{job_id}"
    try:
        os.mkdir(path)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(path, exist_ok=True)
    return path


def remove_tree_safely(path: str) -> bool:
    """Remove a directory tree by renaming it out of sight first.

    The directory is renamed to a hidden name beside it, so no other process
    ever sees a half-removed job. Returns False when it did not exist.
    """
    import shutil

    parent, name = os.path.split(path)
    trash = staging_path(parent, name, "removing")
    try:
        os.rename(path, trash)
    except FileNotFoundError:
        return False
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EBUSY, errno.EPERM, errno.EACCES):
            raise
        shutil.rmtree(path)
        return True
    shutil.rmtree(trash, ignore_errors=True)
    if os.path.exists(trash):
        shutil.rmtree(trash)
    return True
