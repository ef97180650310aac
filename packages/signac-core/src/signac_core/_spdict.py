"""The synced state point of a job: changing it moves the job to its new id."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from synced_collections.backends.collection_json import JSONAttrDict

from ._statepoint import copy_plain, normalize

if TYPE_CHECKING:
    from ._job import Job


class StatePointDict(JSONAttrDict):
    """A job's state point: a :class:`JSONAttrDict` whose changes move the job.

    The job's plain state point is the truth (a manifest never changes while
    the id stays the same), so reads never touch the disk, and the synced
    structure is only built on first use: ``job.statepoint()`` returns a copy
    of the plain data directly. Every modification, also of nested values,
    calls back into the job, which moves its directory to the new id (or
    raises :class:`~signac.errors.DestinationExistsError` and leaves
    everything as it was).

    Parameters
    ----------
    job : Job
        The job whose state point this is.
    """

    # The inter-process file lock of JSON collections is not needed here: the
    # manifest is written by the job with an atomic rename, and the job may not
    # exist on disk. The JSON backend skips its file lock for roots that report
    # being buffered (a public switch was requested from synced-collections).
    _is_buffered = True
    _template: dict[str, Any] | None = None

    def __init__(self, job: Job):
        super().__init__(filename=job.fn(job.FN_MANIFEST))
        self.__dict__["_job"] = job
        self.__dict__["_materialized"] = False

    @classmethod
    def _for_job(cls, job: Job) -> StatePointDict:
        """Create the state point of a job cheaply (no validation, nothing built yet)."""
        template = cls._template
        if template is None:
            template = cls._template = dict(cls(job).__dict__)
        obj = cls.__new__(cls)
        state = obj.__dict__
        state.update(template)
        state["_filename"] = f"{job._project._wd}{os.sep}{job._id}{os.sep}{job.FN_MANIFEST}"
        state["_data"] = {}
        state["_job"] = job
        state["_materialized"] = False
        return obj

    def _materialize(self) -> None:
        self.__dict__["_materialized"] = True
        with self._suspend_sync():
            self._update(copy_plain(self._job._plain_statepoint()))

    def _load(self) -> None:
        if not self._materialized or self.__dict__.get("_needs_resync"):
            self.__dict__["_needs_resync"] = False
            self._materialize()

    def _save(self) -> None:
        if self._suspend_sync_ > 0:
            return
        try:
            self._job._reset_sp(normalize(self._to_base()))
        except BaseException:
            # Nested collections resync through _load(): make it restore the data.
            self.__dict__["_needs_resync"] = True
            raise

    def _to_base(self) -> dict[str, Any]:
        if not self._materialized:
            return copy_plain(self._job._plain_statepoint())
        return super()._to_base()

    def __call__(self) -> dict[str, Any]:
        """Return a plain ``dict`` copy of the state point."""
        job = self._job
        sp = job._sp_plain
        if sp is None:
            sp = job._plain_statepoint()
        return copy_plain(sp)

    def _resync_after_error(self) -> None:
        if self._materialized:
            self._replace_data(copy_plain(self._job._plain_statepoint()))

    def _replace_data(self, data: dict[str, Any]) -> None:
        if self._materialized:
            with self._suspend_sync():
                self._update(data)
