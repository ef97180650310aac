"""The synced state point of a job: changing it moves the job to its new id."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from synced_collections.backends.collection_json import JSONAttrDict

from ._statepoint import copy_plain, normalize

if TYPE_CHECKING:
    from ._job import Job


class StatePointDict(JSONAttrDict):
    """A job's state point: a :class:`JSONAttrDict` whose changes move the job.

    The in-memory data is the truth (the manifest of a job never changes
    while its id stays the same), so reads never touch the disk. Every
    modification, also of nested values, calls back into the job, which
    moves its directory to the new id (or raises
    :class:`~signac.errors.DestinationExistsError` and leaves everything as it
    was).

    Parameters
    ----------
    job : Job
        The job whose state point this is.
    data : dict
        The (normalized) state point.
    """

    # The inter-process lock of JSON collections is not needed: the manifest is
    # written by the job with an atomic rename, and the job may not exist on
    # disk. The JSON backend skips its file lock for roots that report being
    # buffered (see the report: a public switch was requested).
    _is_buffered = True

    def __init__(self, job: Job, data: dict[str, Any]):
        self._job = job
        super().__init__(filename=job.fn(job.FN_MANIFEST), data=data, _validate=False)

    def _load(self) -> None:
        return None

    def _save(self) -> None:
        if self._suspend_sync_ > 0:
            return
        self._job._reset_sp(normalize(self._to_base()))

    def _resync_after_error(self) -> None:
        self._replace_data(copy_plain(self._job._plain_statepoint()))

    def _replace_data(self, data: dict[str, Any]) -> None:
        with self._suspend_sync():
            self._update(data)
