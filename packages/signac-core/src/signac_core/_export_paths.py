"""Paths of exported and viewed jobs: the ``path`` argument of export_to and create_linked_view.

A path is computed for every job before anything is written, then the whole set
is checked (:func:`check_paths`): paths must be unique, none may be both a leaf
and the parent of another, and (beyond signac 1.7) none may leave the target.

The default path (``path=None`` or the ``{{auto}}`` field) is built from the
*state point index* of the jobs: for every dotted key, the distinct values in
the order the jobs are met, where a mapping value counts as one extra value
(``_MAPPING``) that produces no segment. Keys are ordered by (number of
distinct values, dotted name); a key with one value that every job has is
left out. Each remaining key adds the segments ``key`` and ``str(value)``.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable, Mapping
from string import Formatter
from typing import Any

#: Stands for a mapping value in the state point index (counted, never rendered).
_MAPPING = object()


class _SchemaPathEvaluationError(RuntimeError):
    """A path template could not be evaluated for a job.

    Its bases are exactly those of signac 1.7 (``RuntimeError`` only), as the
    golden cases observe; it is private and caught as ``RuntimeError``.
    """


def _to_tuples(value: Any) -> Any:
    """Turn lists into tuples (a path shows ``(0, 0)``); mappings inside stay as they are."""
    if isinstance(value, list):
        return tuple(_to_tuples(v) for v in value)
    return value


class _Frozen(tuple):  # type: ignore[type-arg]
    """The hashable stand-in of a mapping inside a list (compares like the mapping)."""


def _freeze(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, Mapping):
        return _Frozen(sorted((k, _freeze(v)) for k, v in value.items()))
    return value


def _leaf_keys(statepoint: Mapping[str, Any], prefix: str = "") -> Iterable[str]:
    for key, value in statepoint.items():
        if isinstance(value, Mapping) and value:
            yield from _leaf_keys(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}"


_MISSING = object()


def _lookup(statepoint: Any, parts: list[str]) -> Any:
    value = statepoint
    for part in parts:
        if not isinstance(value, Mapping) or part not in value:
            return _MISSING
        value = value[part]
    return value


def statepoint_index(
    statepoints: list[tuple[str, Mapping[str, Any]]],
) -> list[tuple[str, list[tuple[Any, list[str]]]]]:
    """Index state points by dotted key: ``[(key, [(value, [job ids])])]``, non-constant keys only.

    Parameters
    ----------
    statepoints : list of (job id, state point)
        In the order the jobs are met (it decides which of equal values such as
        ``1`` and ``True`` stands for them, as in signac 1.7).
    """
    keys: dict[str, None] = {}
    for _, sp in statepoints:
        keys.update(dict.fromkeys(_leaf_keys(sp)))
    index: dict[str, dict[Any, tuple[Any, list[str]]]] = {}
    for key in keys:
        parts = key.split(".")
        # (is a float, value) -> (value, ids), in the order met: signac 1.7 indexes floats
        # apart from the other values (1 and True share a group, 1.0 does not)
        groups: dict[Any, tuple[Any, list[str]]] = {}
        for job_id, sp in statepoints:
            value = _lookup(sp, parts)
            if value is _MISSING:
                continue
            if isinstance(value, Mapping):
                value = _MAPPING
            frozen = _freeze(value) if isinstance(value, list) else value
            groups.setdefault((isinstance(value, float), frozen), (_to_tuples(value), []))[
                1
            ].append(job_id)
        # Equal values of both groups (1.0 and 1 or True) merge as in signac 1.7: the first
        # value met stands for them, and only the jobs of the group met last keep it.
        index[key] = groups
    result = []
    # Keys are ordered (and found constant) by their groups before the merge.
    for key in sorted(index, key=lambda k: (len(index[k]), k)):
        groups = index[key]
        if len(groups) == 1 and len(next(iter(groups.values()))[1]) == len(statepoints):
            continue
        by_value: dict[Any, tuple[Any, list[str]]] = {}
        for (_, frozen), (value, ids) in groups.items():
            shown = by_value[frozen][0] if frozen in by_value else value
            by_value[frozen] = (shown, ids)
        result.append((key, [(v, ids) for v, ids in by_value.values() if v is not _MAPPING]))
    return result


def _unable(job: Any) -> str:
    return (
        f"Unable to determine path for job '{job}'.\nThis is usually caused by a "
        "heterogeneous schema, where some keys are only present in some jobs. "
        "Try providing a custom path."
    )


def make_schema_path_function(
    jobs: list[Any], exclude_keys: Iterable[str] = ()
) -> Callable[..., str]:
    """Return ``path(job, sep=None)``: the default path of ``job`` among ``jobs``.

    With one job (or none) every path is empty.
    """
    if len(jobs) <= 1:
        return lambda job, sep=None: ""
    excluded = set(exclude_keys)
    tokens: dict[str, list[str]] = {}
    for key, by_value in statepoint_index([(job.id, job._plain_statepoint()) for job in jobs]):
        if key in excluded:
            continue
        for value, ids in by_value:
            for job_id in ids:
                tokens.setdefault(job_id, []).extend((key, str(value)))

    def path(job: Any, sep: str | None = None) -> str:
        try:
            parts = tokens[job.id]
        except KeyError:
            raise RuntimeError(_unable(job)) from None
        return os.path.normpath(sep.join(parts) if sep else os.path.join(*parts))

    return path


class _AttrView(dict):  # type: ignore[type-arg]
    """A plain state point (or nested mapping) with attribute access, for path templates."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(repr(name)) from None


def _attr_view(value: Any) -> Any:
    if isinstance(value, Mapping):
        return _AttrView({k: _attr_view(v) for k, v in value.items()})
    return value


class _JobView:
    """What ``{job...}`` fields of a path template see: the job, with a plain ``sp``."""

    def __init__(self, job: Any, sp: _AttrView):
        self._job = job
        self.sp = self.statepoint = sp

    def __getattr__(self, name: str) -> Any:
        return getattr(self._job, name)

    def __str__(self) -> str:
        return str(self._job)

    def __format__(self, spec: str) -> str:
        return format(str(self._job), spec)


class _AutoField:
    """The ``{auto}`` field of the second formatting pass; its format spec is the separator."""

    def __init__(self, job: Any, auto: Callable[..., str]):
        self._job = job
        self._auto = auto

    def __format__(self, spec: str) -> str:
        return self._auto(self._job, spec or None)


_FORMATTER = Formatter()


def make_path_function(jobs: list[Any], path: Any) -> Callable[[Any], str]:
    """Turn the ``path`` argument into a function of a job.

    Parameters
    ----------
    jobs : list of Job
        All jobs the paths are made for (the default path depends on them all).
    path : None, False, str or callable
        ``None``: the default path; ``False``: the job id; a string: a template
        formatted with ``job`` and the state point, whose ``{{auto}}`` field is
        the default path of the keys the template does not use; a callable:
        used as is.

    Raises
    ------
    ValueError
        If ``path`` is of any other type.
    """
    if path is None:
        return make_schema_path_function(jobs)
    if path is False:
        return lambda job: job.id
    if isinstance(path, str):
        # Keys named by a field ({a}, {d.c}) are left out of the {auto} part.
        used = [field for _, field, _, _ in Formatter().parse(path) if field is not None]
        auto = make_schema_path_function(jobs, used)
        template = path

        def path_function(job: Any) -> str:
            sp = _attr_view(job._plain_statepoint())
            try:
                first = template.format(job=_JobView(job, sp), **sp)
            except KeyError as error:
                raise _SchemaPathEvaluationError(f"Unknown key: {error}") from None
            except (AttributeError, IndexError, ValueError) as error:
                raise _SchemaPathEvaluationError(str(error)) from None
            try:
                # string.Formatter, as signac 1.7 (its errors read "tuple index out of range")
                return _FORMATTER.vformat(first, (), {"auto": _AutoField(job, auto)})
            except KeyError as error:
                raise _SchemaPathEvaluationError(f"Unknown key: {error}") from None
            except (RuntimeError, AttributeError, IndexError, ValueError) as error:
                raise _SchemaPathEvaluationError(str(error)) from None

        return path_function
    if callable(path):
        return path  # type: ignore[no-any-return]
    raise ValueError(
        f"The path argument must be None, False, a str or a callable, not {type(path).__name__}."
    )


def _leaf_and_node(paths: list[str]) -> str | None:
    """Return the first path that is both a leaf and the parent of another path, or None."""
    leaves = set(paths)
    for leaf in paths:
        parent = os.path.dirname(leaf)
        while parent and parent != os.path.dirname(parent):  # stop at "/" too
            if parent in leaves:
                return parent
            parent = os.path.dirname(parent)
    return None


def check_structure(paths: Iterable[str]) -> None:
    """Raise RuntimeError if a path is both a leaf and the parent of another path.

    As in signac 1.7 the paths are compared as given: ``"x/"`` is not the
    parent of ``"x/y"`` here (:func:`check_paths` refuses that case too).
    """
    parent = _leaf_and_node(list(paths))
    if parent is not None:
        raise RuntimeError(f"The path '{parent}' is both a leaf and node in the path structure.")


def check_paths(
    paths: Mapping[Any, str], target: str, what: str = "export target", view: bool = False
) -> None:
    """Check the paths of all jobs (relative to ``target``) before anything is written.

    Raises
    ------
    RuntimeError
        If the paths are not unique, or one is both a leaf and the parent of
        another (as signac 1.7).
    ValueError
        If a path is absolute or leaves the target (signac 1.7 writes those
        jobs outside the target).
    FileExistsError
        If one job goes to the target itself and others into it (signac 1.7
        fails half-way with this error).
    """
    if len(set(paths.values())) != len(paths):
        raise RuntimeError("Paths generated with given path function are not unique!")
    if not view:  # in a view, "a/job" and "a/x/job" live side by side
        check_structure(paths.values())
    normalized = []
    for job, path in paths.items():
        if not isinstance(path, str):
            raise ValueError(f"The path of job '{job}' must be a str, not {type(path).__name__}.")
        norm = os.path.normpath(path)
        if os.path.isabs(path) or norm == ".." or norm.startswith(".." + os.sep):
            raise ValueError(
                f"The path {path!r} of job '{job}' lies outside the {what} {target!r}; "
                "nothing was written."
            )
        normalized.append(norm)
    if len(set(normalized)) != len(normalized):
        raise RuntimeError("Paths generated with given path function are not unique!")
    if view:
        return
    # Paths signac 1.7 lets through and then fails on half-way, with this error.
    if "." in normalized and len(normalized) > 1:
        parent = "."
    else:
        parent = _leaf_and_node(normalized)  # type: ignore[assignment]
    if parent is not None:
        where = os.path.join(target, "" if parent == "." else parent, "")
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), where)
