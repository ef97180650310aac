"""The state point cache: job id -> state point, in memory and in a gzip file.

The cache is evidence, never truth. Which jobs exist is decided by the
workspace listing, and a state point is used only when it hashes to its id:
entries of the persistent file ``.signac_sp_cache.json.gz`` (a
gzip-compressed JSON object, id -> state point, the file signac 1.x reads and
writes) are verified on first use, and a bad one is dropped with a warning.
Reading never writes the file; only :meth:`StatepointCache.write_persistent`
(``Project.update_cache()``) does.

Cached state points are shared: callers must not modify them.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import threading
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

from ._hashing import calc_id
from ._workspace import read_verified, write_atomic
from .errors import JobsCorruptedError

logger = logging.getLogger(__name__)

#: The persistent cache file in the project root.
FN_CACHE = ".signac_sp_cache.json.gz"


class LiveCache(dict):  # type: ignore[type-arg]
    """The verified entries (``Project._sp_cache``): clearing it forgets the file's entries too."""

    __slots__ = ("_owner",)
    _owner: StatepointCache

    def clear(self) -> None:
        """Remove every entry, also the unverified ones read from the persistent file."""
        super().clear()
        self._owner._pending = {}


class StatepointCache:
    """In-memory and persistent state point cache of one project.

    Parameters
    ----------
    fn_cache : str
        Path of the persistent cache file.
    workspace : str
        The project's workspace directory.
    """

    def __init__(self, fn_cache: str, workspace: str):
        self.fn_cache = fn_cache
        self.workspace = workspace
        live = LiveCache()
        live._owner = self
        #: Verified (or computed) state points by id.
        self.data: dict[str, dict[str, Any]] = live
        #: Entries of the persistent file not verified yet (None: not read yet).
        self._pending: dict[str, Any] | None = None
        self._lock = threading.RLock()
        #: The project's WorkspaceIndex: verified state points, never copied into ``data``.
        self.index: Any = None

    # -- single look-ups -----------------------------------------------------
    def lookup(self, job_id: str) -> dict[str, Any] | None:
        """Return a cached state point (memory, then the verified file entry), or None."""
        sp = self.data.get(job_id)
        if sp is not None:
            return sp
        pending = self._pending
        if pending is None:
            self.load_persistent()
            pending = self._pending
        if pending:
            entry = pending.pop(job_id, None)
            if entry is not None:
                return self._verify(job_id, entry)
        return None

    def _verify(self, job_id: str, sp: Any) -> dict[str, Any] | None:
        try:
            ok = isinstance(sp, dict) and calc_id(sp) == job_id
        except (TypeError, ValueError):
            ok = False
        if not ok:
            logger.debug("Dropped the state point cache entry of job '%s'.", job_id)
            warnings.warn(
                f"Ignored an entry of the state point cache '{self.fn_cache}' that does not "
                "match its job id; project.update_cache() rewrites the cache.",
                RuntimeWarning,
                stacklevel=2,
            )
            return None
        self.data[job_id] = sp
        return sp  # type: ignore[no-any-return]

    def known(self, job_id: str) -> dict[str, Any] | None:
        """Return the state point of a listed job from memory or the sidecar index, if any.

        For jobs known to exist (ids from the workspace listing): ``get_many``
        uses it. ``lookup`` (repair, check) never consults the index, and
        ``get`` only when a stat shows the manifest is the file once verified;
        the index is never copied into ``data``: deleting it changes no answer
        and no repair.
        """
        sp = self.data.get(job_id)
        if sp is None and self.index is not None:
            sp = self.index.statepoint(job_id)
        return sp

    def require(self, job_id: str) -> None:
        """Check that a job not cached exists with a valid manifest.

        One ``os.stat`` suffices when the index shows that the manifest is
        the file once verified; otherwise it is read and verified (and cached).

        Raises
        ------
        KeyError
            When the job has no directory.
        JobsCorruptedError
            When its manifest is missing, unreadable or does not match the id.
        """
        index = self.index
        if index is None or not index.verified(job_id):
            self.data[job_id] = self._read(job_id)

    def _read(self, job_id: str) -> dict[str, Any]:
        """Read and verify one manifest (the index records it for the next stat)."""
        stats: dict[str, os.stat_result] = {}
        try:
            sp = read_verified(self.workspace, job_id, stats)
        except KeyError:
            if os.path.isdir(f"{self.workspace}{os.sep}{job_id}"):
                raise JobsCorruptedError([job_id]) from None
            raise
        if self.index is not None:
            self.index.add_statepoints({job_id: sp}, stats, flush=False)
        return sp

    def get(self, job_id: str) -> dict[str, Any]:
        """Return the state point of a job, reading its manifest on a cache miss.

        The index answers when one ``os.stat`` shows that the manifest is the
        file once verified.

        Raises
        ------
        KeyError
            When the job has no directory and is not cached.
        JobsCorruptedError
            When its manifest is missing, unreadable or does not match the id.
        """
        sp = self.lookup(job_id)
        if sp is None:
            index = self.index
            if index is not None and index.verified(job_id):
                sp = index.statepoint(job_id)
            if sp is None:
                sp = self.data[job_id] = self._read(job_id)
        return sp

    def register(self, job_id: str, statepoint: dict[str, Any]) -> None:
        """Record the state point of a job (plain, normalized data that hashes to ``job_id``)."""
        self.data[job_id] = statepoint

    # -- bulk ------------------------------------------------------------------
    def get_many(
        self, job_ids: Iterable[str]
    ) -> tuple[dict[str, dict[str, Any]], list[str], list[str]]:
        """Return the state points of many jobs.

        Returns
        -------
        statepoints : dict
            id -> state point for every readable job, in the order given.
        corrupted : list
            Ids whose manifest is missing, unreadable or does not match.
        missing : list
            Ids whose directory does not exist (removed meanwhile).
        """
        data = self.data
        lookup = self.lookup
        out: dict[str, dict[str, Any]] = {}
        corrupted: list[str] = []
        missing: list[str] = []
        workspace = self.workspace
        known = self.known
        stats: dict[str, os.stat_result] = {}
        for job_id in job_ids:
            sp = known(job_id) or lookup(job_id)
            if sp is None:
                try:
                    sp = read_verified(workspace, job_id, stats)
                except KeyError:
                    # A job directory without a manifest is corrupted (jobs are
                    # created atomically); without a directory it was removed.
                    if os.path.isdir(f"{workspace}{os.sep}{job_id}"):
                        corrupted.append(job_id)
                    else:
                        missing.append(job_id)
                    continue
                except JobsCorruptedError:
                    corrupted.append(job_id)
                    continue
                data[job_id] = sp
            out[job_id] = sp
        if self.index is not None:
            self.index.add_statepoints(out, stats)
        return out, corrupted, missing

    # -- the persistent file ---------------------------------------------------
    def read_persistent(self) -> dict[str, Any] | None:
        """Return the contents of the persistent cache file (None if absent or unreadable)."""
        try:
            with open(self.fn_cache, "rb") as raw, gzip.GzipFile(fileobj=raw) as file:
                cache = json.loads(file.read())
        except FileNotFoundError:  # (open() fails faster than gzip.open())
            return None
        except (OSError, ValueError, EOFError) as error:
            logger.warning("Ignoring unreadable state point cache '%s': %s", self.fn_cache, error)
            return None
        if not isinstance(cache, dict):
            logger.warning("Ignoring invalid state point cache '%s'.", self.fn_cache)
            return None
        return cache

    def load_persistent(self) -> None:
        """Read the persistent cache file (once); its entries are verified on first use."""
        with self._lock:
            if self._pending is not None:
                return
            cache = self.read_persistent() or {}
            data = self.data
            self._pending = {k: v for k, v in cache.items() if k not in data}

    def write_persistent(self, statepoints: Mapping[str, dict[str, Any]]) -> None:
        """Write the cache file with ``statepoints`` (id -> verified state point), atomically."""
        blob = gzip.compress(json.dumps(dict(statepoints)).encode(), compresslevel=1)
        write_atomic(self.fn_cache, blob)
        with self._lock:
            self._pending = {}

    def remove_persistent(self) -> None:
        """Delete the persistent cache file, if any."""
        try:
            os.unlink(self.fn_cache)
        except FileNotFoundError:
            pass
