"""State points files and deprecated state point APIs: a mixin of :class:`Project`."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ._deprecation import warn_message
from ._hashing import calc_id
from ._statepoint import normalize
from .errors import JobsCorruptedError
from .filters import namespaced_filter
from .warnings import DeprecatedWarning

if TYPE_CHECKING:
    from ._job import Job


class JobSearchIndex:
    """Search a document index of jobs (``{'_id': id, 'sp': ..., 'doc': ...}``).

    Parameters
    ----------
    index : iterable of dict
        The index documents.
    _trust : bool
        Do not copy and validate the documents (Default value = False).
    """

    def __init__(self, index: Iterable[Mapping[str, Any]], _trust: bool = False):
        from signac_collection import Collection

        if hasattr(index, "find_ids"):
            self._collection: Any = index
        else:
            self._collection = (
                Collection(
                    (
                        {**doc, "sp": doc["statepoint"]}
                        if "sp" not in doc and "statepoint" in doc
                        else doc
                    )
                    for doc in index
                )
                if not _trust
                else Collection(index, _trust=True)
            )

    def __len__(self) -> int:
        return len(self._collection)

    def find_job_ids(self, filter: Any = None, doc_filter: Any = None) -> list[str]:
        """Return the ids of the indexed jobs that match the (namespaced) filters.

        Parameters
        ----------
        filter : Mapping, optional
            A filter; keys prefixed with ``doc.`` refer to the document
            (Default value = None).
        doc_filter : Mapping, optional
            A document filter (Default value = None).

        Returns
        -------
        list of str
            The ids of the matching jobs.
        """
        return [str(i) for i in self._collection.find_ids(namespaced_filter(filter, doc_filter))]


class _ProjectStatepoints:
    """Mixin of :class:`Project`: reading and writing state points, deprecated APIs."""

    FN_STATEPOINTS = "signac_statepoints.json"
    _cache: Any
    _find_job_ids: Any
    _statepoints: Any
    fn: Any
    workspace: Any

    def find_job_ids(
        self,
        filter: Mapping[str, Any] | None = None,
        doc_filter: Mapping[str, Any] | None = None,
        index: Any = None,
    ) -> list[str]:
        """Find the job ids of all jobs matching the filters.

        .. deprecated:: 1.3
           This will be removed in 2.0. Use :meth:`find_jobs` and ``job.id``.

        Parameters
        ----------
        filter : Mapping, optional
            State point filter (Default value = None).
        doc_filter : Mapping, optional
            Document filter (Default value = None).
        index : list, optional
            A document index (ignored, deprecated) (Default value = None).

        Returns
        -------
        list
            The ids of all jobs matching both filters.
        """
        warn_message(
            "Project.find_job_ids() is deprecated since 1.3 and will be removed in 2.0; use "
            "[job.id for job in project.find_jobs(...)] instead.",
            category=DeprecatedWarning,
        )
        if index is not None:
            return JobSearchIndex(index).find_job_ids(filter, doc_filter)
        return self._find_job_ids(namespaced_filter(filter, doc_filter))

    def build_job_search_index(
        self, index: Iterable[Mapping[str, Any]], _trust: bool = False
    ) -> Any:
        """Build a job search index.

        .. deprecated:: 1.3
           This will be removed in 2.0.

        Parameters
        ----------
        index : list
            A document index: dicts with ``_id``, ``sp`` and optionally ``doc``.
        _trust : bool
            Do not copy and validate the index documents (Default value = False).

        Returns
        -------
        JobSearchIndex
            A job search index based on the provided index.
        """
        warn_message(
            "Project.build_job_search_index() is deprecated since 1.3 and will be removed in 2.0.",
            category=DeprecatedWarning,
        )
        return JobSearchIndex(index, _trust=_trust)

    # -- state points ------------------------------------------------------------------
    def _get_statepoint(self, job_id: str, fn: str | None = None) -> dict[str, Any]:
        """Return a job's state point: cache, workspace, then the statepoints file."""
        try:
            return self._cache.get(job_id)
        except KeyError as error:
            if os.path.isdir(os.path.join(self.workspace(), job_id)):
                # A job directory without its manifest is corrupted (as in signac 1.x).
                raise JobsCorruptedError([job_id]) from None
            fn = fn or self.fn(self.FN_STATEPOINTS)
            try:
                statepoints = self.read_statepoints(fn=fn)
            except FileNotFoundError:
                raise error from None
            if job_id not in statepoints:
                raise
            sp = normalize(statepoints[job_id])
            if calc_id(sp) != job_id:  # the file is evidence, not truth
                raise
            self._cache.register(job_id, sp)
            return sp

    def get_statepoint(self, jobid: str, fn: str | None = None) -> dict[str, Any]:
        """Get the state point associated with a job id.

        .. deprecated:: 1.3
           This will be removed in 2.0. Use ``open_job(id=jobid).statepoint()``.

        Parameters
        ----------
        jobid : str
            A job id to get the state point for.
        fn : str, optional
            The statepoints file to look in, defaults to :attr:`FN_STATEPOINTS`.

        Returns
        -------
        dict
            The state point corresponding to jobid.

        Raises
        ------
        KeyError
            If the state point associated with jobid could not be found.
        JobsCorruptedError
            If the manifest file of the job is inaccessible or corrupted.
        """
        warn_message(
            "Project.get_statepoint() is deprecated since 1.3 and will be removed in 2.0; use "
            "project.open_job(id=jobid).statepoint() instead."
        )
        return json.loads(json.dumps(self._get_statepoint(jobid, fn=fn)))

    def read_statepoints(self, fn: str | None = None) -> dict[str, Any]:
        """Read all state points from a file.

        Parameters
        ----------
        fn : str, optional
            The filename of the file containing the state points, defaults to
            :attr:`FN_STATEPOINTS`.

        Returns
        -------
        dict
            State points by job id.
        """
        if fn is None:
            fn = self.fn(self.FN_STATEPOINTS)
        with open(fn) as file:
            return json.loads(file.read())  # type: ignore[no-any-return]

    def dump_statepoints(self, statepoints: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
        """Dump the state points and associated job ids.

        Equivalent to ``{project.open_job(sp).id: sp for sp in statepoints}``.

        Parameters
        ----------
        statepoints : iterable
            A list of state points.

        Returns
        -------
        dict
            A mapping, where the key is the job id and the value is the state point.
        """
        out = {}
        for sp in statepoints:
            plain = normalize(sp)
            out[calc_id(plain)] = plain
        return out

    def write_statepoints(
        self,
        statepoints: Iterable[Mapping[str, Any]] | None = None,
        fn: str | None = None,
        indent: int = 2,
    ) -> None:
        """Dump state points to a file.

        If the file already contains state points, all new state points will
        be appended, while the old ones are preserved.

        Parameters
        ----------
        statepoints : iterable, optional
            A list of state points, defaults to all state points which are
            defined in the workspace.
        fn : str, optional
            The filename of the file containing the state points, defaults to
            :attr:`FN_STATEPOINTS`.
        indent : int
            Specify the indentation of the JSON file (Default value = 2).
        """
        from ._workspace import write_atomic

        if fn is None:
            fn = self.fn(self.FN_STATEPOINTS)
        try:
            tmp = self.read_statepoints(fn=fn)
        except FileNotFoundError:
            tmp = {}
        if statepoints is None:
            current, _corrupted = self._statepoints()
            tmp.update(current)
        else:
            tmp.update(self.dump_statepoints(statepoints))
        write_atomic(fn, json.dumps(tmp, indent=indent))

    # -- deprecated state point changes -----------------------------------------------
    def reset_statepoint(self, job: Job, new_statepoint: Mapping[str, Any]) -> None:
        """Overwrite the state point of this job while preserving job data.

        .. deprecated:: 1.3
           This will be removed in 2.0. Use ``job.reset_statepoint()`` instead.

        Parameters
        ----------
        job : Job
            The job that should be reset to a new state point.
        new_statepoint : mapping
            The job's new state point.
        """
        warn_message(
            "Project.reset_statepoint() is deprecated since 1.3 and will be removed in 2.0; "
            "use job.reset_statepoint() instead."
        )
        job.reset_statepoint(new_statepoint)

    def update_statepoint(
        self, job: Job, update: Mapping[str, Any], overwrite: bool = False
    ) -> None:
        """Change the state point of this job while preserving job data.

        .. deprecated:: 1.3
           This will be removed in 2.0. Use ``job.update_statepoint()`` instead.

        Parameters
        ----------
        job : Job
            The job whose state point shall be updated.
        update : mapping
            A mapping used for the state point update.
        overwrite : bool, optional
            Allow changing existing keys (Default value = False).
        """
        warn_message(
            "Project.update_statepoint() is deprecated since 1.3 and will be removed in 2.0; "
            "use job.update_statepoint() instead."
        )
        job.update_statepoint(update, overwrite=overwrite)

    def build_job_statepoint_index(
        self, exclude_const: bool = False, index: Any = None
    ) -> Iterator[tuple[tuple[str, ...], Any]]:
        """Build a state point index to identify jobs with specific parameters.

        .. deprecated:: 1.3
           This will be removed in 2.0. Use :meth:`detect_schema` instead.

        Parameters
        ----------
        exclude_const : bool
            Exclude entries that are shared by all jobs (Default value = False).
        index : iterable of dict, optional
            A document index (Default value = None).

        Yields
        ------
        tuple
            Pairs of state point keys (as tuples) and mappings of values to
            the set of the ids of the jobs with that value, ordered by the
            number of different values.
        """
        from collections import defaultdict

        from .schema import _leaves, _to_tuples

        warn_message(
            "Project.build_job_statepoint_index() is deprecated since 1.3 and will be removed "
            "in 2.0; use Project.detect_schema() instead.",
            category=DeprecatedWarning,
        )
        if index is None:
            statepoints, _corrupted = self._statepoints()  # type: ignore[attr-defined]
        else:
            statepoints = {
                str(doc["_id"]): doc["sp"] if "sp" in doc else doc["statepoint"] for doc in index
            }
        values: dict[str, Any] = defaultdict(lambda: defaultdict(set))
        for job_id, sp in statepoints.items():
            for key, value in _leaves(sp):
                values[key][_to_tuples(value)].add(job_id)
        total = len(statepoints)
        for key in sorted(values, key=lambda k: (len(values[k]), k)):
            by_value = values[key]
            if exclude_const and len(by_value) == 1 and len(next(iter(by_value.values()))) == total:
                continue
            yield tuple(key.split(".")), by_value
