"""Linked views: human-readable directory trees of symbolic links to job workspaces.

The signac 1.7 module ``signac.contrib.linked_view``. A view is
``<prefix>/<path of the job>/job``, where ``job`` is a relative symbolic link
to the job's workspace; the paths are those of
:meth:`~signac_core.Project.export_to`. Re-creating a view updates it: links
that are no longer wanted are removed, with the directories they leave empty;
other files are left alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ._export_paths import check_paths, make_path_function
from ._progress import progress

#: Characters a state point key or string value of a view may not contain.
_BAD_CHARS = [os.sep, " ", "*"]


def _find_all_links(root: str, leaf: str = "job") -> Iterator[str]:
    """Yield each directory below ``root`` (relative to it) holding an entry named ``leaf``.

    ``"."`` stands for ``root`` itself (the view of a single job). Entries named
    ``leaf`` are not descended into.
    """
    for dirpath, dirnames, filenames in os.walk(root):
        if leaf in dirnames or leaf in filenames:
            yield os.path.relpath(dirpath, root)
        if leaf in dirnames:
            dirnames.remove(leaf)


def _check_characters(jobs: Iterable[Any]) -> None:
    """Refuse top-level state point keys and string values with a character of ``_BAD_CHARS``.

    As in signac 1.7, nested keys and values are not checked.
    """
    bad: dict[str, None] = {}
    for job in jobs:
        for key, value in job._plain_statepoint().items():
            for text in (key, value):
                if isinstance(text, str) and any(c in text for c in _BAD_CHARS):
                    bad[text] = None
    if bad:
        raise RuntimeError(
            f"In order to use view, statepoints should not contain {_BAD_CHARS}: {' '.join(bad)}"
        )


def _remove_empty_parents(path: str, root: str) -> None:
    root = os.path.abspath(root)
    path = os.path.abspath(path)
    while path != root and path.startswith(root + os.sep):
        try:
            os.rmdir(path)
        except OSError:  # not empty (or gone)
            return
        path = os.path.dirname(path)


def _update_view(prefix: str, links: Mapping[str, str], leaf: str = "job") -> None:
    """Make the links of ``links`` (``{link relative to prefix: workspace}``) and drop stale ones."""
    for rel_dir in list(_find_all_links(prefix, leaf)):
        rel = os.path.normpath(os.path.join(rel_dir, leaf))
        link = os.path.join(prefix, rel)
        if not os.path.islink(link):
            continue  # not ours
        wanted = links.get(rel)
        if wanted is not None and os.path.realpath(link) == os.path.realpath(wanted):
            continue
        os.unlink(link)
        _remove_empty_parents(os.path.dirname(link), prefix)
    for rel, workspace in progress(links.items(), total=len(links), desc="View"):
        link = os.path.join(prefix, rel)
        if os.path.islink(link):
            continue  # kept above: already points to the workspace
        parent = os.path.dirname(link)
        os.makedirs(parent, exist_ok=True)
        target = os.path.relpath(os.path.realpath(workspace), os.path.realpath(parent))
        os.symlink(target, link, target_is_directory=True)


def create_linked_view(
    project: Any,
    prefix: str | None = None,
    job_ids: Iterable[str] | None = None,
    index: Iterable[Mapping[str, Any]] | None = None,
    path: Any = None,
) -> dict[str, str]:
    """Create or update a persistent linked view of the selected data space.

    Parameters
    ----------
    project : Project
        The project of the jobs.
    prefix : str, optional
        The directory of the view, relative to the current working directory
        (Default value = None: ``"view"``).
    job_ids : iterable of str, optional
        Only these jobs, in this order (Default value = None: all jobs).
    index : iterable of dict, optional
        A document index; its ``_id`` fields select the jobs (Default value = None).
    path : None, False, str or callable
        The path (function) of each job, as for ``export_to`` (Default value = None).

    Returns
    -------
    dict
        ``{link relative to the prefix ("a/1/job"): absolute workspace}``.

    Raises
    ------
    RuntimeError
        If a state point key or string value contains ``os.sep``, a space or
        ``*``, or as ``export_to`` for bad paths.
    ValueError
        If a path leaves the prefix (nothing is written).
    """
    if prefix is None:
        prefix = "view"
    if index is not None:
        ids = [str(doc["_id"]) for doc in index]
        if job_ids is not None:
            wanted = set(job_ids)
            ids = [job_id for job_id in ids if job_id in wanted]
            if not wanted.issubset(ids):
                raise ValueError("Insufficient index for selected data space.")
        jobs = [project.open_job(id=job_id) for job_id in ids]
    elif job_ids is not None:
        jobs = [project.open_job(id=job_id) for job_id in job_ids]
    else:
        jobs = list(project)
    _check_characters(jobs)
    path_function = make_path_function(jobs, path)
    paths = {job: path_function(job) for job in jobs}
    check_paths(paths, prefix, what="view prefix", view=True)
    links = {os.path.normpath(os.path.join(p, "job")): job.workspace() for job, p in paths.items()}
    if not links:
        return links
    _update_view(prefix, links)
    return links


__all__ = ["create_linked_view"]
