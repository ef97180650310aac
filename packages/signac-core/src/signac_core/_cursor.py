"""The :class:`JobsCursor`: the result of a search, iterated lazily."""

from __future__ import annotations

import html
import itertools
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ._statepoint import copy_plain
from .warnings import SignacDeprecationWarning

if TYPE_CHECKING:
    from ._job import Job
    from ._project import Project

_MISSING = object()

GROUPBYDOC_DEPRECATED = (
    "groupbydoc() is deprecated since 1.7 and will be removed in 2.0; use groupby() with "
    "'doc.' keys instead."
)


class JobsCursor:
    """An iterator over a search query result.

    Application developers should not directly instantiate this class, but
    use :meth:`~signac.Project.find_jobs` instead.

    Enables simple iteration and grouping operations.

    Parameters
    ----------
    project : Project
        Project handle.
    filter : Mapping, optional
        A mapping of key-value pairs that all job state points (``sp.``)
        and documents (``doc.``) are compared against (Default value = None).
    doc_filter : Mapping, optional
        A mapping of key-value pairs that all job documents are compared
        against (Default value = None).

    Notes
    -----
    When no filter is given (``filter=None``), iteration lists the workspace
    and never reads a state point; prefer that over an empty filter ``{}``
    (which is treated the same way here, but not in signac 1.x).
    """

    def __init__(
        self,
        project: Project,
        filter: Mapping[str, Any] | None = None,
        doc_filter: Mapping[str, Any] | None = None,
    ):
        from .filters import namespaced_filter

        self._project = project
        self._filter = namespaced_filter(filter, doc_filter)
        self._next_iter: Iterator[Job] | None = None
        if self._filter:
            from .filters import JobMatcher

            JobMatcher(self._filter)  # validate eagerly: bad filters fail here

    def _ids(self) -> list[str]:
        return self._project._find_job_ids(self._filter)

    def __len__(self) -> int:
        if self._filter:
            return len(self._ids())
        return self._project.num_jobs()

    def __contains__(self, job: object) -> bool:
        if not self._filter:
            return job in self._project
        from ._job import Job

        job_id = job.id if isinstance(job, Job) else job
        return job_id in set(self._ids())

    def __iter__(self) -> Iterator[Job]:
        project = self._project
        ids = self._ids()
        # One C-level loop: handles with the cached state point (if any; else
        # loaded when first used, from the index if it has it).
        return map(
            project.Job._from_listing,
            itertools.repeat(project),
            ids,
            map(project._cache.data.get, ids),
        )

    def __next__(self) -> Job:
        if self._next_iter is None:
            self._next_iter = iter(self)
        try:
            return next(self._next_iter)
        except StopIteration:
            self._next_iter = None
            raise

    def next(self) -> Job:
        """Return the next element.

        .. deprecated:: 0.9.6
           Use ``next(iter(cursor))`` instead.

        Returns
        -------
        Job
            The next job.
        """
        warnings.warn(
            "Calling next() directly on a JobsCursor is deprecated and will be removed in 2.0; "
            "use next(iter(cursor)) instead.",
            SignacDeprecationWarning,
            stacklevel=2,
        )
        return self.__next__()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, JobsCursor):
            return NotImplemented
        return self._project == other._project and self._filter == other._filter

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(project={self._project!r}, filter={self._filter!r})"

    # -- rows: state point and document of each job ---------------------------------
    def _rows(self, with_doc: bool) -> list[tuple[Job, dict[str, Any], Any]]:
        """Return ``(job, statepoint, document)`` for every matching job (plain data)."""
        project = self._project
        ids = self._ids()
        statepoints, corrupted = project._statepoints(ids)
        if corrupted:
            from ._project import _warn_corrupted

            _warn_corrupted(corrupted)
        make = project.Job._from_trusted
        rows = []
        docs = project._index.documents(statepoints, project.Job.FN_DOCUMENT) if with_doc else {}
        for job_id, sp in statepoints.items():
            doc = docs.get(job_id)
            if with_doc and doc is None:
                continue
            rows.append((make(project, job_id, sp), sp, doc))
        return rows

    # -- grouping ----------------------------------------------------------------------
    def groupby(self, key: Any = None, default: Any = None) -> Iterator[tuple[Any, Iterator[Job]]]:
        """Group jobs according to one or more state point or document parameters.

        Keys prefixed with ``doc.`` refer to the job document, all others
        (optionally prefixed with ``sp.``) to the state point; nested keys
        use dots (``'b.c'``).

        Examples
        --------
        ::

            for key, group in project.groupby('a'):
                print(key, list(group))
            for key, group in project.groupby(('a', 'doc.b')):
                print(key, list(group))
            for key, group in project.groupby(lambda job: job.sp['d']):
                print(key, list(group))

        If ``key`` is None, jobs are grouped by id, placing one job into each group.

        Parameters
        ----------
        key : str, iterable, or callable, optional
            The grouping parameter(s) passed as a string, iterable of strings,
            or a callable that will be passed one argument, the job
            (Default value = None).
        default : optional
            A default value for jobs in which a key is not present; the value
            must be sortable and is only used if not None. Without it, jobs
            missing a key are left out (Default value = None).

        Yields
        ------
        key : object
            The grouped key (a tuple for an iterable of keys).
        group : iterator of Job
            The jobs of this group.
        """
        if key is None:
            jobs = sorted(self, key=lambda job: job.id)
            return ((job.id, iter([job])) for job in jobs)
        if callable(key) and not isinstance(key, str):
            items = [(key(job), job) for job in self]
            return _group(items)
        single = isinstance(key, str)
        keys = [key] if single else list(key)
        getters = [_key_getter(k) for k in keys]
        with_doc = any(is_doc for is_doc, _ in getters)
        items = []
        for job, sp, doc in self._rows(with_doc):
            values = []
            for is_doc, parts in getters:
                value = _resolve(doc if is_doc else sp, parts)
                if value is _MISSING:
                    if default is None:
                        break
                    value = default
                values.append(copy_plain(value))
            else:
                items.append((values[0] if single else tuple(values), job))
        return _group(items)

    def groupbydoc(
        self, key: Any = None, default: Any = None
    ) -> Iterator[tuple[Any, Iterator[Job]]]:
        """Group jobs according to one or more document values.

        .. deprecated:: 1.7
           This will be removed in 2.0. Use :meth:`groupby` with ``doc.`` keys.

        Parameters
        ----------
        key : str, iterable, or callable, optional
            The document key(s), or a callable that is passed the document
            (Default value = None).
        default : optional
            A default value for jobs in which a key is not present
            (Default value = None).

        Returns
        -------
        iterator
            ``(key, group)`` pairs.
        """
        warnings.warn(GROUPBYDOC_DEPRECATED, SignacDeprecationWarning, stacklevel=2)
        return self._groupbydoc(key, default)

    def _groupbydoc(self, key: Any, default: Any) -> Iterator[tuple[Any, Iterator[Job]]]:
        if key is None:
            return self.groupby(None)
        if callable(key) and not isinstance(key, str):
            items = [(key(doc), job) for job, _sp, doc in self._rows(True)]
            return _group(items)
        keys = [key] if isinstance(key, str) else list(key)
        if default is None:
            # Without a default, a document that lacks a key is an error (as in 1.7).
            getters = [tuple(k.split(".")) for k in keys]
            for _job, _sp, doc in self._rows(True):
                for k, parts in zip(keys, getters):
                    if _resolve(doc, parts) is _MISSING:
                        raise KeyError(k)
        if isinstance(key, str):
            return self.groupby("doc." + key, default=default)
        return self.groupby(["doc." + k for k in key], default=default)

    # -- export ------------------------------------------------------------------------
    def to_dataframe(
        self,
        sp_prefix: str = "sp.",
        doc_prefix: str = "doc.",
        usecols: Iterable[str] | Callable[[str], bool] | None = None,
        flatten: bool = False,
    ) -> Any:
        """Convert the selection of jobs to a pandas DataFrame.

        Parameters
        ----------
        sp_prefix : str, optional
            Prefix state point keys with the given string (Default value = "sp.").
        doc_prefix : str, optional
            Prefix document keys with the given string (Default value = "doc.").
        usecols : list-like or callable, optional
            Select a subset of columns (after prefixing): a list of column
            names, or a callable returning True for the columns to keep
            (Default value = None: all columns).
        flatten : bool, optional
            Whether nested state point or document keys are flattened:
            ``{'a': {'b': 'c'}}`` becomes a column ``a.b`` (Default value = False).

        Returns
        -------
        pandas.DataFrame
            One row per job, indexed by job id.
        """
        from ._optional import require_pandas

        pandas = require_pandas()
        use: Callable[[str], bool]
        if usecols is None:

            def use(column: str) -> bool:
                return True
        elif callable(usecols):
            use = usecols
        else:
            included = set(usecols)

            def use(column: str) -> bool:
                return column in included

        def columns(data: dict[str, Any], prefix: str) -> Iterator[tuple[str, Any]]:
            items = _flatten(data) if flatten else data.items()
            for key, value in items:
                column = prefix + key
                if use(column):
                    yield column, copy_plain(value)

        data = {}
        for job, sp, doc in self._rows(True):
            row = dict(columns(sp, sp_prefix))
            row.update(columns(doc, doc_prefix))
            data[job.id] = row
        return pandas.DataFrame.from_dict(data=data, orient="index").infer_objects()

    def export_to(self, target: str, path: Any = None, copytree: Any = None) -> dict[str, str]:
        """Export all jobs to a target location, such as a directory or an archive file.

        Parameters
        ----------
        target : str
            A path to a directory or archive file to export to.
        path : str or callable, optional
            The path (function) used to structure the exported data space
            (Default value = None).
        copytree : callable, optional
            The function used for copying of directory tree structures
            (Default value = None).

        Returns
        -------
        dict
            A dictionary that maps the source directory paths to the target
            directory paths.
        """
        from .import_export import export_jobs

        return dict(export_jobs(jobs=list(self), target=target, path=path, copytree=copytree))

    # -- notebooks ---------------------------------------------------------------------
    def _repr_html_jobs(self) -> str:
        count = len(self)
        note = f"<br/><strong>{count}</strong> job(s) found"
        if count > 100:
            return note
        try:
            frame = self.to_dataframe()
        except ImportError:
            return note
        return note + frame._repr_html_()

    def _repr_html_(self) -> str:
        """Return an HTML representation of the cursor (for notebooks)."""
        return html.escape(repr(self), quote=False) + self._repr_html_jobs()


def _key_getter(key: str) -> tuple[bool, tuple[str, ...]]:
    if key.startswith("doc."):
        return True, tuple(key[4:].split("."))
    if key.startswith("sp."):
        key = key[3:]
    return False, tuple(key.split("."))


def _resolve(data: Any, parts: tuple[str, ...]) -> Any:
    for part in parts:
        if not isinstance(data, Mapping):
            return _MISSING
        data = data.get(part, _MISSING)
        if data is _MISSING:
            return _MISSING
    return data


def _sort_key(value: Any) -> Any:
    """Order values of mixed types: by type name first, then by value."""
    if isinstance(value, tuple):
        return tuple(_sort_key(v) for v in value)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    if value is None:
        return ("None", 0)
    if isinstance(value, (list, dict)):
        return (type(value).__name__, repr(value))
    return (type(value).__name__, value)


def _group(items: list[tuple[Any, Job]]) -> Iterator[tuple[Any, Iterator[Job]]]:
    try:
        items.sort(key=lambda item: item[0])
    except TypeError:
        items.sort(key=lambda item: _sort_key(item[0]))
    for value, group in itertools.groupby(items, key=lambda item: item[0]):
        yield value, (job for _value, job in group)


def _flatten(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in data.items():
        if isinstance(value, Mapping):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value
