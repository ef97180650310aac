"""Subcommands that create, name and change jobs and projects.

``init``, ``project``, ``job``, ``rm``, ``move``, ``clone``, ``index`` and
``update-cache``.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from ._console import print_err, query_yes_no
from ._select import JOB_IDS_HELP, get_project, open_job_by_id


def _require(obj: Any, name: str, what: str) -> Any:
    """Return ``obj.name`` or raise a clear error when this signac-core lacks it."""
    try:
        return getattr(obj, name)
    except AttributeError:
        raise RuntimeError(f"{what} is not available in this version of signac-core.") from None


# -- init ------------------------------------------------------------------------------
def add_init(sub: Any) -> None:
    """Add the ``init`` subcommand."""
    parser = sub.add_parser("init")
    parser.add_argument(
        "project_id", type=str, help="Initialize a project with the given project id."
    )
    parser.add_argument(
        "-w",
        "--workspace",
        type=str,
        default="workspace",  # 1.7: written to signac.rc, so `config show` lists it
        help="The path to the workspace directory.",
    )
    parser.set_defaults(func=main_init)


def main_init(args: argparse.Namespace) -> None:
    """Initialize a project in the current directory."""
    from signac_core import init_project

    project = init_project(name=args.project_id, root=os.getcwd(), workspace=args.workspace)
    print_err(f"Initialized project '{project}'.")


# -- project ---------------------------------------------------------------------------
def add_project(sub: Any) -> None:
    """Add the ``project`` subcommand."""
    parser = sub.add_parser("project")
    parser.add_argument(
        "-w",
        "--workspace",
        action="store_true",
        help="Print the project's workspace path instead of the project id.",
    )
    parser.add_argument(
        "-i", "--index", action="store_true", help="Generate and print an index for the project."
    )
    parser.add_argument(
        "-a", "--access", action="store_true", help="Create access module for indexing."
    )
    parser.set_defaults(func=main_project)


def main_project(args: argparse.Namespace) -> None:
    """Print the project's id, workspace or index; or create its access module."""
    project = get_project()
    if args.workspace:
        print(project.workspace())
    elif args.index:
        for doc in _require(project, "index", "Project.index()")():
            print(json.dumps(doc))
    elif args.access:
        fn = _require(project, "create_access_module", "Project.create_access_module()")()
        print_err(f"Created access module '{fn}'.")
    else:
        print(project)


# -- job -------------------------------------------------------------------------------
def add_job(sub: Any) -> None:
    """Add the ``job`` subcommand."""
    parser = sub.add_parser("job")
    parser.add_argument(
        "statepoint",
        nargs="?",
        default="-",
        type=str,
        help="The job's statepoint in JSON format. Omit this argument to read from STDIN.",
    )
    parser.add_argument(
        "-w",
        "--workspace",
        action="store_true",
        help="Print the job's workspace path instead of the job id.",
    )
    parser.add_argument(
        "-c",
        "--create",
        action="store_true",
        help="Create the job's workspace directory if necessary.",
    )
    parser.set_defaults(func=main_job)


def main_job(args: argparse.Namespace) -> None:
    """Print the id (or path) of the job with a state point; create it with ``-c``."""
    project = get_project()
    text = input() if args.statepoint == "-" else args.statepoint
    try:
        statepoint = json.loads(text)
    except ValueError:
        print_err(f"Error while reading statepoint: '{text}'")
        raise
    job = project.open_job(statepoint)
    if args.create:
        job.init()
    print(job.workspace() if args.workspace else job)


# -- rm --------------------------------------------------------------------------------
def add_rm(sub: Any) -> None:
    """Add the ``rm`` subcommand."""
    parser = sub.add_parser("rm")
    parser.add_argument(
        "job_id", type=str, nargs="+", help="One or more job ids of jobs to remove."
    )
    parser.add_argument(
        "-c",
        "--clear",
        action="store_true",
        help="Do not completely remove, but only clear the job.",
    )
    parser.add_argument(
        "-i",
        "--interactive",
        action="store_true",
        help="Request confirmation before attempting to remove/clear each job.",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="Be verbose when removing/clearing files.",
    )
    parser.set_defaults(func=main_rm)


def main_rm(args: argparse.Namespace) -> None:
    """Remove (or clear) jobs; ``-i`` asks first, whatever the global ``-y`` says."""
    project = get_project()
    for job_id in args.job_id:
        job = open_job_by_id(project, job_id)
        action = "clear" if args.clear else "remove"
        question = f"Are you sure you want to {action} job with id '{job.id}'?"
        if args.interactive and not query_yes_no(question, default="no"):
            continue
        if args.clear:
            job.clear()
        else:
            job.remove()
        if args.verbose:
            print(job_id)


# -- move and clone --------------------------------------------------------------------
def add_move(sub: Any) -> None:
    """Add the ``move`` subcommand."""
    parser = sub.add_parser("move")
    parser.add_argument(
        "project",
        type=str,
        help="The root directory of the project to move one or more jobs to.",
    )
    parser.add_argument("job_id", nargs="+", type=str, help=JOB_IDS_HELP)
    parser.set_defaults(func=main_move)


def add_clone(sub: Any) -> None:
    """Add the ``clone`` subcommand."""
    parser = sub.add_parser("clone")
    parser.add_argument(
        "project",
        type=str,
        help="The root directory of the project to clone one or more jobs in.",
    )
    parser.add_argument("job_id", nargs="+", type=str, help=JOB_IDS_HELP)
    parser.set_defaults(func=main_clone)


def _transfer(args: argparse.Namespace, move: bool) -> None:
    from signac_core.errors import DestinationExistsError

    project = get_project()
    destination = get_project(root=args.project)
    for job_id in args.job_id:
        job = open_job_by_id(project, job_id)
        try:
            if move:
                job.move(destination)
            else:
                _require(destination, "clone", "Project.clone()")(job)
        except DestinationExistsError:
            print_err(f"Destination already exists: '{job}' in '{destination}'.")
        else:
            print_err(f"{'Moved' if move else 'Cloned'} '{job}' to '{destination}'.")


def main_move(args: argparse.Namespace) -> None:
    """Move jobs to another project."""
    _transfer(args, move=True)


def main_clone(args: argparse.Namespace) -> None:
    """Copy jobs into another project."""
    _transfer(args, move=False)


# -- index -----------------------------------------------------------------------------
def add_index(sub: Any) -> None:
    """Add the ``index`` subcommand (deprecated in signac 1.x)."""
    parser = sub.add_parser("index")
    parser.add_argument(
        "root",
        nargs="?",
        default=".",
        help="Specify the root path from where the main index is to be compiled.",
    )
    parser.add_argument(
        "-t", "--tags", nargs="+", help="Specify tags for this main index compilation."
    )
    parser.set_defaults(func=main_index)


def main_index(args: argparse.Namespace) -> None:
    """Print the main index of a directory tree, one JSON document per line."""
    from signac_core.indexing import index

    print_err(f"Compiling main index for path '{os.path.realpath(args.root)}'...")
    tags = None
    if args.tags:
        tags = set(args.tags)
        print_err("Provided tags: {}".format(", ".join(sorted(tags))))
    for doc in index(args.root, tags=tags):
        print(json.dumps(doc))


# -- update-cache ----------------------------------------------------------------------
def add_update_cache(sub: Any) -> None:
    """Add the ``update-cache`` subcommand."""
    parser = sub.add_parser(
        "update-cache",
        description="Use this command to update the project's persistent state point "
        "cache. This feature is still experimental and may be removed in future versions.",
    )
    parser.set_defaults(func=main_update_cache)


def main_update_cache(args: argparse.Namespace) -> None:
    """Write the persistent state point cache if it is out of date."""
    project = get_project()
    print_err("Updating cache...")
    size = project.update_cache()
    if size is None:
        print_err("Cache is up to date.")
    else:
        print_err(f"Updated cache (size={size}).")
