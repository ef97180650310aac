"""The state point cache: job id -> state point, in memory and in a gzip file.

A job id is the hash of its state point, so an entry can never be wrong for
its id: the cache only ever has *extra* entries (jobs that were removed),
which are harmless because which jobs exist is always decided by the
workspace listing, never by the cache. The persistent file
``.signac_sp_cache.json.gz`` (a gzip-compressed JSON object, id -> state
point) is the same file signac 1.x reads and writes.

Cached state points are shared: callers must not modify them.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import threading
from collections.abc import Iterable
from typing import Any

from ._workspace import read_verified, write_atomic
from .errors import JobsCorruptedError

logger = logging.getLogger(__name__)

#: The persistent cache file in the project root.
FN_CACHE = ".signac_sp_cache.json.gz"

#: Write the persistent cache automatically after a bulk read that had to
#: open at least this many manifest files.
AUTO_PERSIST_THRESHOLD = 1000


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
        self.data: dict[str, dict[str, Any]] = {}
        self._persistent_loaded = False
        self._lock = threading.RLock()
        #: The project's WorkspaceIndex: verified state points, never copied into ``data``.
        self.index: Any = None

    # -- single look-ups -----------------------------------------------------
    def lookup(self, job_id: str) -> dict[str, Any] | None:
        """Return a cached state point (memory, then the persistent file), or None."""
        sp = self.data.get(job_id)
        if sp is None and self.index is not None:
            sp = self.index.statepoint(job_id)
        if sp is None and not self._persistent_loaded:
            self.load_persistent()
            sp = self.data.get(job_id)
        return sp

    def get(self, job_id: str) -> dict[str, Any]:
        """Return the state point of a job, reading its manifest on a cache miss.

        Raises
        ------
        KeyError
            When the job has no manifest and is not cached.
        JobsCorruptedError
            When the manifest is unreadable or does not match the id.
        """
        sp = self.lookup(job_id)
        if sp is None:
            sp = read_verified(self.workspace, job_id)
            self.data[job_id] = sp
        return sp

    def register(self, job_id: str, statepoint: dict[str, Any]) -> None:
        """Record the state point of a job (it must be plain, normalized data)."""
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
        out: dict[str, dict[str, Any]] = {}
        corrupted: list[str] = []
        missing: list[str] = []
        misses = 0
        workspace = self.workspace
        indexed = self.index.statepoint if self.index is not None else data.get
        for job_id in job_ids:
            sp = data.get(job_id)
            if sp is None:
                sp = indexed(job_id)
            if sp is None and not self._persistent_loaded:
                self.load_persistent()  # only when memory and the index miss
                sp = data.get(job_id)
            if sp is None:
                try:
                    sp = read_verified(workspace, job_id)
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
                misses += 1
            out[job_id] = sp
        if self.index is not None:
            self.index.add_statepoints(out)
        if misses >= AUTO_PERSIST_THRESHOLD:
            self.write_persistent(out.keys(), quiet=True)
        return out, corrupted, missing

    # -- the persistent file ---------------------------------------------------
    def read_persistent(self) -> dict[str, Any] | None:
        """Return the contents of the persistent cache file (None if absent or unreadable)."""
        try:
            with gzip.open(self.fn_cache, "rb") as file:
                cache = json.loads(file.read())
        except FileNotFoundError:
            return None
        except (OSError, ValueError, EOFError) as error:
            logger.warning("Ignoring unreadable state point cache '%s': %s", self.fn_cache, error)
            return None
        if not isinstance(cache, dict):
            logger.warning("Ignoring invalid state point cache '%s'.", self.fn_cache)
            return None
        return cache

    def load_persistent(self) -> None:
        """Merge the persistent cache file into memory (once)."""
        with self._lock:
            if self._persistent_loaded:
                return
            self._persistent_loaded = True
            cache = self.read_persistent()
            if cache:
                for job_id, sp in cache.items():
                    if isinstance(sp, dict):
                        self.data.setdefault(job_id, sp)

    def write_persistent(self, job_ids: Iterable[str], quiet: bool = False) -> bool:
        """Write the cache file with the state points of ``job_ids`` (atomically).

        Returns
        -------
        bool
            True if the file was written.
        """
        data = self.data
        contents = {job_id: data[job_id] for job_id in job_ids if job_id in data}
        blob = gzip.compress(json.dumps(contents).encode(), compresslevel=1)
        try:
            write_atomic(self.fn_cache, blob)
        except OSError as error:
            if not quiet:
                raise
            logger.info("Could not write the state point cache '%s': %s", self.fn_cache, error)
            return False
        return True

    def remove_persistent(self) -> None:
        """Delete the persistent cache file, if any."""
        try:
            os.unlink(self.fn_cache)
        except FileNotFoundError:
            pass
