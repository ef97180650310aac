"""Top-level functions: finding and initializing projects and jobs, comparing jobs."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from tempfile import TemporaryDirectory
from typing import Any

from ._job import Job
from ._project import Project


def get_project(root: str | None = None, search: bool = True, **kwargs: Any) -> Project:
    """Find a project configuration and return the associated project.

    Parameters
    ----------
    root : str, optional
        The starting point to search for a project, defaults to the current
        working directory.
    search : bool
        If True, search for project configurations inside and above the
        specified root directory, otherwise only return projects with a root
        directory identical to the specified root argument (Default value = True).
    **kwargs
        Optional keyword arguments that are forwarded to :meth:`Project.get_project`.

    Returns
    -------
    Project
        An instance of Project.

    Raises
    ------
    LookupError
        If no project configuration can be found.
    """
    return Project.get_project(root=root, search=search, **kwargs)


def init_project(
    name: str, root: str | None = None, workspace: str | None = None, make_dir: bool = True
) -> Project:
    """Initialize a project with the given name.

    It is safe to call this function multiple times with the same arguments.
    However, a RuntimeError is raised if an existing project configuration
    would conflict with the provided initialization parameters.

    Parameters
    ----------
    name : str
        The name of the project to initialize.
    root : str, optional
        The root directory for the project. Defaults to the current working directory.
    workspace : str, optional
        The workspace directory for the project. Defaults to a subdirectory
        ``workspace`` in the project root.
    make_dir : bool
        Create the project root directory, if it does not exist yet
        (Default value = True).

    Returns
    -------
    Project
        The initialized project instance.

    Raises
    ------
    RuntimeError
        If the project root path already contains a conflicting project configuration.
    """
    return Project.init_project(name=name, root=root, workspace=workspace, make_dir=make_dir)


def get_job(root: str | None = None) -> Job:
    """Find a Job in or above the current working directory (or provided path).

    Parameters
    ----------
    root : str, optional
        The job root directory. If no root directory is given, the current
        working directory is assumed to be within the current job workspace
        directory (Default value = None).

    Returns
    -------
    Job
        Job handle.

    Raises
    ------
    LookupError
        If this job cannot be found.
    """
    return Project.get_job(root=root)


@contextmanager
def TemporaryProject(
    name: str | None = None, cls: type[Project] | None = None, **kwargs: Any
) -> Iterator[Project]:
    """Context manager for the generation of a temporary project.

    This is a factory function that creates a Project within a temporary
    directory and must be used as context manager::

        with TemporaryProject() as tmp_project:
            tmp_project.open_job({'a': 1}).init()

    Parameters
    ----------
    name : str, optional
        An optional name for the temporary project. Defaults to a unique random string.
    cls : type, optional
        The class of the temporary project. Defaults to :class:`Project`.
    **kwargs
        Optional keyword arguments that are forwarded to the
        :class:`~tempfile.TemporaryDirectory` class constructor, which is used
        to create a temporary root directory.

    Yields
    ------
    Project
        An instance of Project.
    """
    if name is None:
        name = f"tmp-{uuid.uuid4().hex}"
    if cls is None:
        cls = Project
    with TemporaryDirectory(**kwargs) as tmp_dir:
        yield cls.init_project(name=name, root=tmp_dir)


def _dotted_items(statepoint: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in statepoint.items():
        if isinstance(value, Mapping) and value:
            yield from _dotted_items(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", _hashable(value)


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return ("__list__", tuple(_hashable(v) for v in value))
    if isinstance(value, Mapping):
        return ("__dict__", tuple((k, _hashable(v)) for k, v in value.items()))
    return value


def _unhashable(value: Any) -> Any:
    # signac 1.7's diff_jobs returns list values as tuples (golden cli.json, cli-101).
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "__list__":
        return tuple(_unhashable(v) for v in value[1])
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "__dict__":
        return {k: _unhashable(v) for k, v in value[1]}
    return value


def _nest(items: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in items.items():
        parts = key.split(".")
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = _unhashable(value)
    return out


def diff_jobs(*jobs: Job) -> dict[str, dict[str, Any]]:
    """Find differences among a list of jobs' state points.

    The resulting diff is a dictionary where the keys are job ids and the
    values are each job's state point minus the intersection of all provided
    jobs' state points. The comparison is performed over the combined set of
    keys and values.

    Parameters
    ----------
    *jobs : sequence of Job
        Sequence of jobs to diff.

    Returns
    -------
    dict
        A dictionary where the keys are job ids and values are the unique
        parts of that job's state point.

    Examples
    --------
    >>> signac.diff_jobs(job1, job2)  # doctest: +SKIP
    {'c4af2b26f1fd256d70799ad3ce3bdad0': {'diff1': 0},
     'b96b21fada698f8934d58359c72755c0': {'diff1': 1}}
    """
    if not jobs:
        return {}
    items = {job.id: list(_dotted_items(job._plain_statepoint())) for job in jobs}
    common = set.intersection(*(set(pairs) for pairs in items.values()))
    return {
        job_id: _nest({key: value for key, value in pairs if (key, value) not in common})
        for job_id, pairs in items.items()
    }
