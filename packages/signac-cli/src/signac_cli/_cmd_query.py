"""Subcommands that read a project and print data on stdout.

``statepoint``, ``diff``, ``document``, ``find`` and ``schema``. Each prints
only data on stdout (one JSON object or ``pprint`` block per job); filter
notes and errors go to stderr.
"""

from __future__ import annotations

import argparse
import json
from pprint import pformat, pprint
from typing import Any

from ._select import (
    JOB_IDS_HELP,
    add_selection_args,
    find_ids,
    find_ids_or_none,
    get_project,
    open_job_by_id,
)


def _add_pretty(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "-p",
        "--pretty",
        type=int,
        nargs="?",
        const=3,
        help=f"Print {what} in pretty format. An optional argument to this flag specifies "
        f"the maximal depth a {what} is printed.",
    )


def _add_indent(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-i",
        "--indent",
        type=int,
        nargs="?",
        const=2,
        help="Specify the indentation of the JSON formatted state point.",
    )


def _print_json_or_pretty(data: dict[str, Any], args: argparse.Namespace) -> None:
    if args.pretty:
        pprint(data, depth=args.pretty)
    else:
        print(json.dumps(data, indent=args.indent, sort_keys=args.sort))


# -- statepoint ------------------------------------------------------------------------
def add_statepoint(sub: Any) -> None:
    """Add the ``statepoint`` subcommand."""
    parser = sub.add_parser(
        "statepoint",
        description="Print the statepoint(s) corresponding to one or more job ids.",
    )
    parser.add_argument("job_id", nargs="*", type=str, help=JOB_IDS_HELP)
    _add_pretty(parser, "state point")
    _add_indent(parser)
    parser.add_argument(
        "-s", "--sort", action="store_true", help="Sort the state point keys for output."
    )
    parser.set_defaults(func=main_statepoint)


def main_statepoint(args: argparse.Namespace) -> None:
    """Print the state points of the given jobs (every job when none is given)."""
    project = get_project()
    if args.job_id:
        jobs: Any = (open_job_by_id(project, job_id) for job_id in args.job_id)
    else:
        jobs = project
    for job in jobs:
        _print_json_or_pretty(job.statepoint(), args)


# -- diff ------------------------------------------------------------------------------
def add_diff(sub: Any) -> None:
    """Add the ``diff`` subcommand."""
    parser = sub.add_parser("diff", description="Find the difference among job state points.")
    parser.add_argument("job_id", nargs="*", type=str, help=JOB_IDS_HELP)
    _add_pretty(parser, "state point")
    _add_indent(parser)
    add_selection_args(
        parser,
        {
            "filter": "Limit the diff to jobs matching this state point filter.",
            "doc_filter": "Show documents of jobs matching this document filter.",
        },
        job_ids=False,
    )
    parser.set_defaults(func=main_diff)


def main_diff(args: argparse.Namespace) -> None:
    """Print each selected job's id and the part of its state point that differs."""
    from signac_core import diff_jobs

    project = get_project()
    selection = find_ids_or_none(args, project)
    if selection is None:
        jobs: Any = list(project)
    else:
        jobs = [open_job_by_id(project, job_id) for job_id in selection]
    for job_id, part in diff_jobs(*jobs).items():
        print(job_id)
        pprint(part, depth=args.pretty)


# -- document --------------------------------------------------------------------------
def add_document(sub: Any) -> None:
    """Add the ``document`` subcommand."""
    parser = sub.add_parser(
        "document",
        description="Print the document(s) corresponding to one or more job ids.",
    )
    parser.add_argument(
        "job_id",
        nargs="*",
        type=str,
        help="One or more job ids. The job corresponding to a job id must be initialized.",
    )
    _add_pretty(parser, "document")
    _add_indent(parser)
    parser.add_argument(
        "-s",
        "--sort",
        action="store_true",
        help="Sort the document keys for output in JSON format.",
    )
    add_selection_args(
        parser,
        {
            "filter": "Show documents of jobs matching this state point filter.",
            "doc_filter": "Show documents of job matching this document filter.",
        },
        group=False,
        job_ids=False,
        index=("--index",),
    )
    parser.set_defaults(func=main_document)


def main_document(args: argparse.Namespace) -> None:
    """Print the documents of the selected jobs (every job when nothing is selected)."""
    project = get_project()
    for job_id in find_ids(args, project):
        _print_json_or_pretty(open_job_by_id(project, job_id).document(), args)


# -- find ------------------------------------------------------------------------------
def add_find(sub: Any) -> None:
    """Add the ``find`` subcommand."""
    parser = sub.add_parser(
        "find",
        description="All filter arguments may be provided either directly in JSON encoding "
        "or in a simplified form, e.g., -- $ signac find a 42 -- is equivalent to -- $ signac "
        "find '{\"a\": 42}'.",
    )
    parser.add_argument(
        "filter",
        type=str,
        nargs="*",
        help="A JSON encoded state point filter (key-value pairs).",
    )
    add_selection_args(
        parser,
        {"doc_filter": "A document filter."},
        group=False,
        filter=False,
        job_ids=False,
        index=("-i", "--index"),
    )
    parser.add_argument(
        "-s",
        "--show",
        type=int,
        nargs="?",
        const=3,
        help="Show the state point and document of each job. Equivalent to --sp --doc --pretty 3.",
    )
    parser.add_argument(
        "--sp",
        type=str,
        nargs="*",
        help="Show the state point of each job. Can be passed the list of state point keys "
        "to print (if they exist for a given job).",
    )
    parser.add_argument(
        "--doc",
        type=str,
        nargs="*",
        help="Show the document of each job. Can be passed the list of document keys to "
        "print (if they exist for a given job).",
    )
    parser.add_argument(
        "-p",
        "--pretty",
        type=int,
        nargs="?",
        const=3,
        default=3,
        help="Pretty print output when using --sp, --doc, or ---show. Argument is the "
        "depth to which keys are printed.",
    )
    parser.add_argument(
        "-1", "--one-line", action="store_true", help="Print output in JSON and on one line."
    )
    parser.set_defaults(func=main_find)


def main_find(args: argparse.Namespace) -> None:
    """Print the id of each matching job, optionally with its state point and document."""
    project = get_project()
    if args.show:
        args.sp = [] if args.sp is None else args.sp
        args.doc = [] if args.doc is None else args.doc
    job_ids = find_ids(args, project)
    len_id = max(6, project.min_len_unique_id()) if args.one_line else 0

    def fmt(job_id: str, data: dict[str, Any]) -> str:
        if args.one_line:
            # signac 1.7 labels both the state point and the document line "sp".
            return f"{job_id[:len_id]} sp \t{json.dumps(data, sort_keys=True)}"
        return pformat(data, depth=args.pretty)

    def subset(data: dict[str, Any], keys: list[str]) -> dict[str, Any]:
        return {key: data[key] for key in keys if key in data} if keys else data

    for job_id in job_ids:
        print(job_id)
        if args.sp is None and args.doc is None:
            continue
        job = project.open_job(id=job_id)
        if args.sp is not None:
            print(fmt(job_id, subset(job.statepoint(), args.sp)))
        if args.doc is not None:
            print(fmt(job_id, subset(job.document(), args.doc)))


# -- schema ----------------------------------------------------------------------------
def add_schema(sub: Any) -> None:
    """Add the ``schema`` subcommand."""
    parser = sub.add_parser("schema")
    parser.add_argument(
        "-x",
        "--exclude-const",
        action="store_true",
        help="Exclude state point parameters, which are constant over the complete "
        "project data space.",
    )
    parser.add_argument(
        "-t",
        "--depth",
        type=int,
        default=0,
        help="A non-zero value will format the schema in a nested representation up to the "
        "specified depth. The default is a flat view (depth=0).",
    )
    parser.add_argument(
        "-p",
        "--precision",
        type=int,
        help="Round all numerical values up to the given precision.",
    )
    parser.add_argument(
        "-r",
        "--max-num-range",
        type=int,
        default=5,
        help="The maximum number of entries shown for a value range, defaults to 5.",
    )
    add_selection_args(
        parser,
        {
            "filter": "Detect schema only for jobs that match the state point filter.",
            "doc_filter": "Detect schema only for jobs that match the document filter.",
            "job_id": "Detect schema only for jobs with the given job ids.",
        },
    )
    parser.set_defaults(func=main_schema)


def main_schema(args: argparse.Namespace) -> None:
    """Print the state point schema of the selected jobs."""
    project = get_project()
    schema = project.detect_schema(
        exclude_const=args.exclude_const, subset=find_ids_or_none(args, project)
    )
    print(
        schema.format(depth=args.depth, precision=args.precision, max_num_range=args.max_num_range)
    )
