"""Helpers for tests: fill a project with a varied set of jobs."""

from __future__ import annotations

from typing import Any

from ._job import Job
from ._project import Project


def init_jobs(
    project: Project, nested: bool = False, listed: bool = False, heterogeneous: bool = False
) -> list[Job]:
    """Initialize a data space of jobs with state points of varied types.

    The state points are ``{'a': value}`` for values of many types (int,
    float, str, bool, None), optionally also nested mappings and lists of
    them, and optionally heterogeneous (some jobs use the key ``b`` instead
    of ``a`` and nested or listed values differ in shape).

    Parameters
    ----------
    project : Project
        The project to add the jobs to.
    nested : bool
        Add jobs whose values are mappings (Default value = False).
    listed : bool
        Add jobs whose values are lists (Default value = False).
    heterogeneous : bool
        Vary keys and the shape of nested and listed values (Default value = False).

    Returns
    -------
    list of Job
        The initialized jobs.
    """
    values: list[Any] = [1, 1.0, "1", False, True, None]
    if nested:
        values += [{"b": v, "c": 0} if heterogeneous else {"b": v} for v in list(values)]
    if listed:
        values += [[v, 0] if heterogeneous else [v] for v in list(values)]
    jobs = [project.open_job({"a": value}).init() for value in values]
    if heterogeneous:
        jobs += [project.open_job({"b": value}).init() for value in values]
    return jobs


__all__ = ["init_jobs"]
