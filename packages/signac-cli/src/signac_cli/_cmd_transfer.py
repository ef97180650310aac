"""Subcommands that lay the data space out elsewhere: ``view``, ``export``, ``import``.

They call ``Project.create_linked_view``, ``export_jobs`` (the engine of
``Project.export_to``, given the selected jobs) and ``Project.import_from``;
those show the progress bars.
"""

from __future__ import annotations

import argparse
import os
import shutil
from typing import Any

from ._console import print_err
from ._select import add_selection_args, find_ids_or_none, get_project

_ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")


def _is_archive(path: str, origin: bool = False) -> bool:
    if origin:
        return os.path.isfile(path)
    return path.lower().endswith(_ARCHIVE_SUFFIXES)


def _method(project: Any, name: str) -> Any:
    try:
        return getattr(project, name)
    except AttributeError:
        raise RuntimeError(
            f"Project.{name}() is not available in this version of signac-core."
        ) from None


# -- view ------------------------------------------------------------------------------
def add_view(sub: Any) -> None:
    """Add the ``view`` subcommand."""
    parser = sub.add_parser(
        "view",
        description="Generate a human readable set of paths representing state points in "
        "the workspace, e.g. view/param_name_1/param_value_1/param_name_2/param_value_2/job. "
        'The leaf nodes of this directory structure are symlinks (named "job") into the '
        "workspace directory for that parameter combination. Note that all positional "
        "arguments must be provided before any keyword arguments. In particular, the prefix "
        "and path must be specified before arguments such as the filters, e.g. signac view "
        "$PREFIX $VIEW_PATH -f FILTERS -d DOC_FILTERS.",
    )
    parser.add_argument(
        "prefix",
        type=str,
        nargs="?",
        default="view",
        help="The path where the view is to be created. Defaults to view.",
    )
    parser.add_argument(
        "path",
        type=str,
        nargs="?",
        help="The path used for the generation of the linked view hierarchy, defaults to "
        "'{{auto}}' (see Project.export_to for information on how this is expanded).",
    )
    add_selection_args(
        parser,
        {
            "filter": "Limit the view to jobs matching this state point filter.",
            "doc_filter": "Limit the view to jobs matching this document filter.",
            "job_id": "Limit the view to jobs with these job ids.",
        },
        index=("-i", "--index"),
    )
    parser.set_defaults(func=main_view)


def main_view(args: argparse.Namespace) -> None:
    """Create (or update) a linked view of the selected jobs."""
    project = get_project()
    _method(project, "create_linked_view")(
        prefix=args.prefix, job_ids=find_ids_or_none(args, project), path=args.path
    )


# -- export ----------------------------------------------------------------------------
def add_export(sub: Any) -> None:
    """Add the ``export`` subcommand."""
    parser = sub.add_parser(
        "export",
        description="Export the project data space (or a subset) to a directory, a zipfile, "
        "or a tarball.",
    )
    parser.add_argument(
        "target",
        help="The target to export to. May be a path to a directory, a zipfile, or a tarball.",
    )
    parser.add_argument(
        "schema_path",
        nargs="?",
        help="Specify an optional export path, based on the job state point, e.g., "
        "'foo/{job.sp.foo}'.",
    )
    parser.add_argument(
        "--move",
        action="store_true",
        help="Move data to export target instead of copying. Can only be used when exporting "
        "to a directory target.",
    )
    add_selection_args(
        parser,
        {
            "filter": "Limit the jobs to export to those matching the state point filter.",
            "doc_filter": "Limit the jobs to export to those matching this document filter.",
            "job_id": "Limit the jobs to export to those matching the provided job ids.",
        },
    )
    parser.set_defaults(func=main_export)


def main_export(args: argparse.Namespace) -> None:
    """Export the selected jobs to a directory or an archive."""
    if args.move and _is_archive(args.target):
        raise ValueError(
            "The '--move' option can only be used when exporting to a directory target."
        )
    project = get_project()
    selection = find_ids_or_none(args, project)
    if selection is None:
        jobs = list(project)
    else:
        jobs = [project.open_job(id=job_id) for job_id in selection]
    try:
        from signac_core.import_export import export_jobs
    except ImportError:
        raise RuntimeError("Export is not available in this version of signac-core.") from None
    paths = dict(
        export_jobs(
            jobs=jobs,
            target=args.target,
            path=args.schema_path,
            copytree=shutil.move if args.move else None,
        )
    )
    if paths:
        print_err(f"Exported {len(paths)} job(s).")
    else:
        print_err("No jobs to export.")


# -- import ----------------------------------------------------------------------------
def add_import(sub: Any) -> None:
    """Add the ``import`` subcommand."""
    parser = sub.add_parser(
        "import",
        description="Import an existing dataset into this project. Optionally provide a file "
        "path based schema to specify the state point metadata. Providing a path based "
        "schema is only necessary if the data set was not previously exported from a signac "
        "project.",
    )
    parser.add_argument(
        "origin",
        default=".",
        nargs="?",
        help="The origin to import from. May be a path to a directory, a zipfile, or a "
        "tarball. Defaults to the current working directory.",
    )
    parser.add_argument(
        "schema_path",
        nargs="?",
        help="Specify an optional import path, such as 'foo/{foo:int}'. Possible type "
        "definitions include bool, int, float, and str. The type is assumed to be 'str' if "
        "no type is specified.",
    )
    parser.add_argument(
        "--move",
        action="store_true",
        help="Move the data upon import instead of copying. Can only be used when importing "
        "from a directory.",
    )
    parser.add_argument(
        "--sync",
        action="store_true",
        help="Attempt recursive synchronization with default arguments.",
    )
    parser.add_argument(
        "--sync-interactive",
        action="store_true",
        help="Synchronize the project with the origin data space interactively.",
    )
    parser.set_defaults(func=main_import)


SYNC_INTERACTIVE_BANNER = """Synchronizing data space interactively.
Use the `tmp_project` variable to access the temporary project holding the
data space to import, and `project` (or `pr`) for this project; for example:

    project.sync(tmp_project)

Type "exit()" or press Ctrl-D to finish."""


def main_import(args: argparse.Namespace) -> None:
    """Import a data space (a directory or an archive) into the project."""
    from signac_core.errors import DestinationExistsError

    if args.move and (args.sync or args.sync_interactive):
        raise ValueError(
            "Cannot use '--move' in combination with '--sync' or '--sync-interactive'."
        )
    if args.sync and args.sync_interactive:
        raise ValueError("Cannot use '--sync' and '--sync-interactive' at the same time.")
    if args.move and _is_archive(args.origin, origin=True):
        raise ValueError("The '--move' option can only be used when importing from a directory.")
    project = get_project()
    print_err("Prepare data space for import...")
    import_from = _method(project, "import_from")
    if args.sync_interactive:
        _import_interactively(project, args)
        return
    try:
        paths = import_from(
            origin=args.origin,
            schema=args.schema_path,
            sync=args.sync or None,
            copytree=shutil.move if args.move else None,
        )
    except DestinationExistsError as error:
        print_err(f"Destination '{error.destination}' already exists.")
        print_err("Consider using '--sync' or '--sync-interactive'!")
        print_err("Import failed.")
        return
    if paths:
        print_err(f"Imported {len(paths)} job(s).")
    else:
        print_err("Nothing to import.")


def _import_interactively(project: Any, args: argparse.Namespace) -> None:
    import code

    import signac_core

    with project.temporary_project() as tmp_project:
        paths = _method(tmp_project, "import_from")(origin=args.origin, schema=args.schema_path)
        if not paths:
            print_err("Nothing to import.")
            return
        namespace = {
            "signac": signac_core,
            "project": project,
            "pr": project,
            "tmp_project": tmp_project,
        }
        code.interact(local=namespace, banner=SYNC_INTERACTIVE_BANNER, exitmsg="")
