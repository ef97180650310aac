"""Checking, repairing and caching: the maintenance half of :class:`Project`."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ._hashing import calc_id
from ._statepoint import normalize
from ._workspace import read_manifest
from .errors import JobsCorruptedError

if TYPE_CHECKING:
    from ._cache import StatepointCache
    from ._workspace import WorkspaceListing

logger = logging.getLogger(__name__)


class _ProjectMaintenance:
    """Mixin of :class:`Project`: ``check``, ``repair`` and ``update_cache``."""

    _cache: StatepointCache
    _listing: WorkspaceListing
    _wd: str

    def check(self) -> None:
        """Check the project's workspace for corruption.

        Every job's manifest is read (not the cache) and compared with its
        id. Nothing is modified.

        Raises
        ------
        JobsCorruptedError
            When one or more jobs are identified as corrupted; ``job_ids``
            lists them.
        """
        corrupted = []
        logger.info("Checking workspace for corruption...")
        for job_id in self._listing.ids():
            try:
                sp = read_manifest(self._wd, job_id)
            except (KeyError, JobsCorruptedError):
                corrupted.append(job_id)
                continue
            try:
                ok = calc_id(sp) == job_id
            except (TypeError, ValueError):  # pragma: no cover - not JSON data
                ok = False
            if not ok:
                corrupted.append(job_id)
        if corrupted:
            logger.error(
                "At least one job appears to be corrupted. Call Project.repair() to try and fix errors."
            )
            raise JobsCorruptedError(corrupted)

    def repair(
        self,
        fn_statepoints: str | None = None,
        index: Any = None,
        job_ids: Iterable[str] | None = None,
    ) -> None:
        """Attempt to repair the workspace after it got corrupted.

        Lost or corrupted manifests are restored from the state point cache,
        the statepoints file, or an index. A job directory whose manifest
        belongs to another id is renamed to that id (unless a job with that
        id exists). Nothing is deleted.

        Parameters
        ----------
        fn_statepoints : str, optional
            The filename of the file containing the state points, defaults to
            :attr:`FN_STATEPOINTS`.
        index : iterable of dict, optional
            A document index (deprecated) (Default value = None).
        job_ids : iterable of str, optional
            The job ids to repair. Defaults to all jobs.

        Raises
        ------
        JobsCorruptedError
            When one or more corrupted job could not be repaired.
        """
        from ._project_statepoints import _deprecated

        if index is not None:
            _deprecated(
                "The index argument of Project.repair() is deprecated since 1.3 and will be "
                "removed in 2.0."
            )
        if job_ids is None:
            job_ids = list(self._listing.ids())
        else:
            job_ids = list(job_ids)
        cache = self._cache
        cache.load_persistent()
        try:
            statepoints = self.read_statepoints(fn=fn_statepoints)  # type: ignore[attr-defined]
        except FileNotFoundError:
            if fn_statepoints is not None:
                raise
            statepoints = {}
        known: dict[str, dict[str, Any]] = {}
        for job_id, sp in statepoints.items():
            known[job_id] = normalize(sp)
        if index is not None:
            for doc in index:
                sp = doc.get("sp", doc.get("statepoint"))
                if sp is not None:
                    known[str(doc.get("signac_id", doc.get("_id")))] = normalize(sp)
        corrupted = []
        for job_id in job_ids:
            sp = cache.data.get(job_id) or known.get(job_id)
            if sp is None:
                try:
                    sp = read_manifest(self._wd, job_id)
                except (KeyError, JobsCorruptedError):
                    logger.critical("Unable to look up state point for job with id '%s'.", job_id)
                    corrupted.append(job_id)
                    continue
            correct_id = calc_id(sp)
            if correct_id != job_id:
                logger.warning(
                    "The job id of job '%s' is incorrect; it should be '%s'.", job_id, correct_id
                )
                invalid_wd = os.path.join(self._wd, job_id)
                correct_wd = os.path.join(self._wd, correct_id)
                try:
                    os.rename(invalid_wd, correct_wd)
                except OSError as error:
                    logger.critical("Unable to fix location of job '%s': %s", job_id, error)
                    corrupted.append(job_id)
                    continue
                self._workspace_changed()  # type: ignore[attr-defined]
            cache.register(correct_id, sp)
            job = self.open_job(sp)  # type: ignore[attr-defined]
            try:
                job.init()
            except Exception as error:
                logger.error("Error during initialization of job '%s': %s", job_id, error)
                try:
                    job.init(force=True)
                except Exception as error2:
                    logger.critical("Unable to force init job '%s': %s", job_id, error2)
                    corrupted.append(job_id)
        if corrupted:
            raise JobsCorruptedError(corrupted)

    def update_cache(self) -> int | None:
        """Update the persistent state point cache.

        Writes ``.signac_sp_cache.json.gz`` in the project root with the state
        points of all jobs (the same file signac 1.x reads). Jobs with a
        corrupted manifest are left out.

        Returns
        -------
        int or None
            The number of cached state points when the file was written; None
            when it already held exactly these state points (as signac 1.7).
        """
        logger.info("Update cache...")
        before = self._cache.read_persistent()
        ids = list(self._listing.ids())
        statepoints, corrupted, _missing = self._cache.get_many(ids)
        if corrupted:
            logger.warning("%d corrupted job(s) were not cached.", len(corrupted))
        if before == statepoints:
            logger.info("Cache is up to date.")
            return None
        self._cache.write_persistent(statepoints.keys())
        return len(statepoints)
