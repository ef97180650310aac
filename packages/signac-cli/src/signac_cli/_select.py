"""Selecting jobs from the command line: ids, state point and document filters.

One owner for what several subcommands share: opening a job by a (possibly
abbreviated) id with 1.7's messages, the ``-f/-d/-j`` selection options, and
turning them into job ids.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import warnings
from typing import Any

#: The help of the positional job ids of ``statepoint``, ``diff``, ``move`` and ``clone``.
JOB_IDS_HELP = "One or more job ids. The corresponding jobs must be initialized."

SELECT_HELP = {
    "filter": "Limit the selection to jobs matching this state point filter.",
    "doc_filter": "Limit the selection to jobs matching this document filter.",
    "job_id": "Limit the selection to jobs with these job ids.",
    "index": "The filename of an index file.",
}


def add_selection_args(
    parser: argparse.ArgumentParser,
    help: dict[str, str] | None = None,
    description: str | None = None,
    *,
    group: bool = True,
    filter: bool = True,
    job_ids: bool = True,
    index: tuple[str, ...] = (),
) -> None:
    """Add the job selection options of a subcommand (the one place they are defined).

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The parser of the subcommand.
    help : dict, optional
        Help texts replacing those of :data:`SELECT_HELP` (keys ``filter``,
        ``doc_filter``, ``job_id``, ``index``).
    description : str, optional
        The description of the ``select`` group.
    group : bool
        Put ``-f``/``-d``/``-j`` in a ``select`` argument group; False: among the
        parser's own options, where 1.7's ``find`` and ``document`` list them
        (Default value = True).
    filter : bool
        Add ``-f/--filter`` (``find`` takes its filter as positional arguments)
        (Default value = True).
    job_ids : bool
        Add ``-j/--job-id`` (Default value = True).
    index : tuple of str
        The option strings of the (deprecated) index file option, e.g.
        ``("-i", "--index")``; always among the parser's own options
        (Default value = (): none).
    """
    texts = {**SELECT_HELP, **(help or {})}
    where: Any = parser.add_argument_group("select", description) if group else parser
    if filter:
        where.add_argument("-f", "--filter", type=str, nargs="+", help=texts["filter"])
    where.add_argument("-d", "--doc-filter", type=str, nargs="+", help=texts["doc_filter"])
    if job_ids:
        where.add_argument("-j", "--job-id", type=str, nargs="+", help=texts["job_id"])
    if index:
        parser.add_argument(*index, type=str, help=texts["index"])


def get_project(root: str | None = None) -> Any:
    """Return the project in or above ``root`` (the current directory)."""
    from signac_core import get_project as _get_project

    return _get_project(root=root)


def open_job_by_id(project: Any, job_id: str) -> Any:
    """Open an initialized job by a full or abbreviated id.

    Raises
    ------
    KeyError
        ``Did not find job corresponding to id '...'.`` (with close matches).
    LookupError
        ``Multiple matches for abbreviated id '...'. Use at least N characters
        for guaranteed unique ids.``
    """
    try:
        return project.open_job(id=job_id)
    except KeyError:
        known = [job.id[: len(job_id)] for job in project] if job_id else []
        close = difflib.get_close_matches(job_id, known)
        msg = f"Did not find job corresponding to id '{job_id}'."
        if len(close) == 1:
            msg += f" Did you mean '{close[0]}'?"
        elif len(close) > 1:
            msg += " Did you mean any of [{}]?".format("|".join(close))
        raise KeyError(msg)  # noqa: B904 - implicitly chained to open_job's, as in 1.7
    except LookupError:
        n = project.min_len_unique_id()
        raise LookupError(
            f"Multiple matches for abbreviated id '{job_id}'. "
            f"Use at least {n} characters for guaranteed unique ids."
        ) from None


def parse_filter(args: list[str] | None) -> dict[str, Any] | None:
    """Parse filter arguments; say on stderr how the short form was read."""
    from signac_core.filters import parse_filter_arg

    return parse_filter_arg(args, file=sys.stderr)


def _read_index(fn_index: str | None) -> list[dict[str, Any]] | None:
    if fn_index is None:
        return None
    print(f"Reading index from file '{fn_index}'...", file=sys.stderr)
    with open(fn_index) as file:
        return [json.loads(line) for line in file if line.strip()]


def find_ids(args: argparse.Namespace, project: Any = None) -> list[str]:
    """Return the ids of the jobs the selection options name (every job when none).

    ``-j`` ids are resolved (abbreviations allowed); they exclude filters.
    """
    job_ids = getattr(args, "job_id", None)
    filters = getattr(args, "filter", None)
    doc_filters = getattr(args, "doc_filter", None)
    if job_ids:
        if filters or doc_filters:
            raise ValueError("Can't provide both 'job-id' and filter arguments!")
        if project is None:
            project = get_project()
        return list(dict.fromkeys(open_job_by_id(project, jid).id for jid in job_ids))
    if project is None:
        project = get_project()
    filter = parse_filter(filters)
    doc_filter = parse_filter(doc_filters)
    index = _read_index(getattr(args, "index", None))
    if index is not None:
        # The deprecated search of an index file; as in 1.7, the option itself does not warn.
        from signac_core.warnings import DeprecatedWarning

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecatedWarning)
            return project.find_job_ids(filter=filter, doc_filter=doc_filter, index=index)
    return [job.id for job in project.find_jobs(filter, doc_filter)]


def find_ids_or_none(args: argparse.Namespace, project: Any = None) -> list[str] | None:
    """Like :func:`find_ids`, but None when no selection option was given."""
    if (
        getattr(args, "job_id", None)
        or getattr(args, "filter", None)
        or getattr(args, "doc_filter", None)
    ):
        return find_ids(args, project)
    return None
