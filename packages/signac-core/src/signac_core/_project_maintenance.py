"""Checking, repairing and caching: the maintenance half of :class:`Project`."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ._hashing import calc_id
from ._statepoint import normalize
from ._workspace import read_manifest, read_manifest_in, staging_leftovers
from .errors import JobsCorruptedError
from .warnings import DeprecatedWarning

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

        Every job's manifest is read (never the cache) and compared with its
        id, and staging directories left by an interrupted ``init``, state
        point change, move or removal are reported. Nothing is modified.

        Raises
        ------
        JobsCorruptedError
            When one or more jobs are identified as corrupted (or have an
            interrupted operation); ``job_ids`` lists them.
        """
        corrupted = []
        logger.info("Checking workspace for corruption...")
        for job_id in self._listing.ids():
            try:
                sp = read_manifest(self._wd, job_id)
            except (KeyError, JobsCorruptedError):
                corrupted.append(job_id)
                continue
            if _id_of(sp) != job_id:
                corrupted.append(job_id)
        for path, job_id, kind in staging_leftovers(self._wd):
            logger.error(
                "Found the leftover of an interrupted %s of job '%s': '%s'.", kind, job_id, path
            )
            if job_id not in corrupted:
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

        A readable manifest is the truth: a job directory whose manifest
        belongs to another id is renamed to that id (unless a job with that
        id exists). A lost or unreadable manifest is restored from a state
        point that hashes to the job's id, found in the state point cache,
        the statepoints file or an index; these never rename a directory.
        When all jobs are repaired (no ``job_ids``), the staging directories
        of interrupted operations are completed (a state point change) or
        removed (an ``init``, a removal, a copy whose source is intact).
        Nothing else is deleted.

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
        from ._deprecation import warn_message

        if index is not None:
            warn_message(
                "The index argument of Project.repair() is deprecated since 1.3 and will be "
                "removed in 2.0.",
                category=DeprecatedWarning,
            )
        corrupted = [] if job_ids is not None else self._repair_staging()
        if job_ids is None:
            job_ids = list(self._listing.ids())
        else:
            job_ids = list(job_ids)
        try:
            statepoints = self.read_statepoints(fn=fn_statepoints)  # type: ignore[attr-defined]
        except FileNotFoundError:
            if fn_statepoints is not None:
                raise
            statepoints = {}
        known: dict[str, dict[str, Any]] = {}
        for sp in statepoints.values():
            _add_known(known, sp)
        if index is not None:
            for doc in index:
                _add_known(known, doc.get("sp", doc.get("statepoint")))
        cache = self._cache
        for job_id in job_ids:
            try:
                sp = read_manifest(self._wd, job_id)
            except (KeyError, JobsCorruptedError):
                sp = cache.lookup(job_id) or known.get(job_id)  # verified: never a rename
                if sp is None:
                    logger.critical("Unable to look up state point for job with id '%s'.", job_id)
                    corrupted.append(job_id)
                    continue
            correct_id = _id_of(sp)
            if correct_id is None:
                logger.critical("The manifest of job '%s' is not a valid state point.", job_id)
                corrupted.append(job_id)
                continue
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

    def _repair_staging(self) -> list[str]:
        """Complete or remove the staging directories of interrupted operations.

        Returns the ids whose leftover could not be resolved.
        """
        unresolved = []
        for path, job_id, kind in staging_leftovers(self._wd):
            if kind != "moving":
                # An init holds only a manifest, a removal or a copy (whose
                # source is intact) nothing that is kept: finish by removing.
                logger.warning("Removing the leftover of an interrupted %s: '%s'.", kind, path)
                shutil.rmtree(path, ignore_errors=True)
                continue
            sp = read_manifest_in(path)
            target_id = _id_of(sp) if sp is not None else None
            target = os.path.join(self._wd, target_id) if target_id else None
            if target is None or os.path.exists(target):
                logger.critical("Unable to complete the interrupted move in '%s'.", path)
                unresolved.append(job_id)
                continue
            logger.warning("Completing the interrupted state point change of '%s'.", path)
            os.rename(path, target)
            self._workspace_changed()  # type: ignore[attr-defined]
        return unresolved

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
        self._cache.write_persistent(statepoints)
        return len(statepoints)


def _id_of(statepoint: Any) -> str | None:
    """Return the id of plain state point data (None if it cannot be hashed)."""
    try:
        return calc_id(statepoint)
    except (TypeError, ValueError):
        return None


def _add_known(known: dict[str, dict[str, Any]], statepoint: Any) -> None:
    """Remember a state point from a statepoints file or an index under its own id."""
    if isinstance(statepoint, Mapping):
        try:
            plain = normalize(statepoint)
        except (TypeError, ValueError):
            return
        known[calc_id(plain)] = plain
