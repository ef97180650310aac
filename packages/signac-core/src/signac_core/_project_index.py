"""The index of a project (deprecated 1.x API): plain functions behind :class:`Project`."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from ._crawlers import FN_ACCESS_MODULE, SignacProjectCrawler, _walk
from ._deprecation import warn_deprecated
from ._documents import read_document
from ._statepoint import copy_plain
from .errors import JobsCorruptedError

if TYPE_CHECKING:
    from ._project import Project

logger = logging.getLogger(__name__)

#: What ``create_access_module(main=False)`` writes.
ACCESS_MODULE_MINIMAL = """import signac


def get_indexes(root):
    yield signac.get_project(root).index()
"""

#: What ``create_access_module(main=True)`` writes: also compiles a main index when run.
ACCESS_MODULE_MAIN = """#!/usr/bin/env python
# -*- coding: utf-8 -*-
import signac


def get_indexes(root):
    yield signac.get_project(root).index()


if __name__ == '__main__':
    with signac.Collection.open('index.txt') as index:
        signac.export(signac.index(), index, update=True)
"""


def _guarded(
    produce: Callable[[], Iterator[dict[str, Any]]], skip_errors: bool, what: str
) -> Iterator[dict[str, Any]]:
    """Yield what ``produce()`` yields; with ``skip_errors``, log an error and go on."""
    try:
        yield from list(produce())
    except Exception as error:
        if not skip_errors:
            raise
        logger.critical("Skipped %s while indexing: %s", what, error)


def _one(function: Callable[..., dict[str, Any]], *args: Any) -> Iterator[dict[str, Any]]:
    yield function(*args)


def _job_docs(
    project: Project, skip_errors: bool, include_job_document: bool
) -> Iterator[dict[str, Any]]:
    """Yield one document per job: ``_id``, ``sp``, ``doc``, ``signac_id``, ``root``."""
    root = project.workspace()
    ids = sorted(project._job_ids())
    statepoints, corrupted = project._statepoints(ids)
    broken = set(corrupted)
    fn_document = project.Job.FN_DOCUMENT

    def one(job_id: str) -> Iterator[dict[str, Any]]:
        if job_id in broken:
            raise JobsCorruptedError([job_id])
        if job_id not in statepoints:
            return  # removed meanwhile
        doc: dict[str, Any] = {"_id": job_id, "sp": copy_plain(statepoints[job_id])}
        if include_job_document:
            job_doc = read_document(os.path.join(root, job_id, fn_document))
            if job_doc:
                doc["doc"] = job_doc
        doc["signac_id"] = job_id
        doc["root"] = root
        yield doc

    for job_id in ids:
        yield from _guarded(partial(one, job_id), skip_errors, f"job '{job_id}'")


def _crawler_docs(
    project: Project,
    formats: Mapping[str, Any],
    depth: int,
    skip_errors: bool,
    include_job_document: bool,
) -> Iterator[dict[str, Any]]:
    """Yield the documents of a :class:`SignacProjectCrawler` with ``formats`` defined."""

    class Crawler(SignacProjectCrawler):
        _deprecation_reported = True

    for regex, format_ in formats.items():
        Crawler.define(regex, format_)
    crawler = Crawler(project.root_directory())
    for job_id in crawler._job_ids():
        produce = partial(_one, crawler._job_doc, job_id, include_job_document)
        yield from _guarded(produce, skip_errors, f"job '{job_id}'")
    for dirpath, _dirnames, filenames in _walk(crawler.root, depth):
        for fn in filenames:
            path = os.path.join(dirpath, fn)
            produce = partial(crawler._complete_docs, dirpath, fn)
            yield from _guarded(produce, skip_errors, f"file '{path}'")


def project_index(
    project: Project,
    formats: str | Mapping[str, Any] | None = None,
    depth: int = 0,
    skip_errors: bool = False,
    include_job_document: bool = True,
) -> Iterator[dict[str, Any]]:
    """Return the index of a project's workspace (see :meth:`Project.index`)."""
    if formats is None:
        return _job_docs(project, skip_errors, include_job_document)
    if isinstance(formats, str):
        formats = {formats: "File"}
    elif not isinstance(formats, Mapping):
        raise TypeError(
            "formats must be a regular expression (str) or a mapping of regular expressions "
            f"to formats, not {type(formats).__name__}."
        )
    return _crawler_docs(project, formats, depth, skip_errors, include_job_document)


def create_access_module(
    project: Project, filename: str | None = None, main: bool = True, master: bool | None = None
) -> str:
    """Create the access module of a project (see :meth:`Project.create_access_module`)."""
    warn_deprecated("Project.create_access_module", "1.5", "Access modules are deprecated.")
    if master is not None:
        warn_deprecated("The master argument of create_access_module", "1.5", "Use main.")
        main = master
    if filename is None:
        filename = os.path.join(project.root_directory(), FN_ACCESS_MODULE)
    with open(filename, "x") as file:
        file.write(ACCESS_MODULE_MAIN if main else ACCESS_MODULE_MINIMAL)
    if main:
        os.chmod(filename, os.stat(filename).st_mode | stat.S_IEXEC)
    logger.info("Created access module file '%s'.", filename)
    return filename
