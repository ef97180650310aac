"""The ``shell`` subcommand: Python with the project (and a job selection) at hand.

Interactive mode is :func:`code.interact` (banner on stderr, ``>>> ``
prompts on stdout as :func:`input` writes them); ``-c CMD`` and a script
file run without prompts. With :mod:`readline` available, the session keeps a
per-project history file, ``.signac_shell_history`` in the project root.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from ._select import add_selection_args, find_ids, get_project, open_job_by_id
from ._version import API_VERSION

#: The history file of ``signac shell``, in the project root.
FN_HISTORY = ".signac_shell_history"

SHELL_BANNER = """Python {python_version}
signac {signac_version}

Project:\t{project_id}{job_banner}
Root:\t\t{root_path}
Workspace:\t{workspace_path}
Size:\t\t{size}

Interact with the project interface using the "project" or "pr" variable.
Type "help(project)" or "help(signac)" for more information."""


def signac_module() -> ModuleType:
    """Return the ``signac`` meta-package when installed, else :mod:`signac_core`."""
    try:
        import signac
    except ImportError:
        import signac_core

        return signac_core
    return signac


def add_shell(sub: Any) -> None:
    """Add the ``shell`` subcommand."""
    parser = sub.add_parser("shell")
    parser.add_argument("file", type=str, nargs="?", help="Execute Python script in file.")
    parser.add_argument(
        "-c", "--command", type=str, help="Execute Python program passed as string."
    )
    add_selection_args(
        parser,
        {
            "filter": "Reduce selection to jobs that match the given filter.",
            "doc_filter": "Reduce selection to jobs that match the given document filter.",
            "job_id": "Reduce selection to jobs that match the given job ids.",
        },
        description="Specify one or more jobs to preset the `jobs` variable as a generator "
        "over all job handles associated with the given selection. If the selection contains "
        "only one job, an additional `job` variable is referencing that single job, otherwise "
        "it is `None`.",
    )
    parser.set_defaults(func=main_shell)


def _readline(root: str, namespace: dict[str, Any]) -> None:
    """Tab completion of the namespace and the per-project history file."""
    try:
        import readline
        from rlcompleter import Completer
    except ImportError:  # pragma: no cover - Python without readline
        return
    import atexit

    readline.set_completer(Completer(namespace).complete)
    readline.parse_and_bind("tab: complete")
    fn_history = os.path.join(root, FN_HISTORY)
    try:
        readline.read_history_file(fn_history)
    except FileNotFoundError:
        pass
    except OSError:  # pragma: no cover - unreadable history
        return
    readline.set_history_length(1000)

    def save() -> None:
        try:
            readline.write_history_file(fn_history)
        except OSError:  # pragma: no cover - read-only project
            pass

    atexit.register(save)


def main_shell(args: argparse.Namespace) -> None:
    """Run a Python shell, a command or a script with ``project`` and ``jobs`` defined."""
    if args.file and args.command:
        raise ValueError("Cannot provide file and -c/--command argument at the same time!")
    try:
        project = get_project()
    except LookupError:
        print("signac", API_VERSION)
        print("No project within this directory.")
        return
    job_ids = find_ids(args, project)

    def jobs() -> Iterator[Any]:
        for job_id in job_ids:
            yield project.open_job(id=job_id)

    if len(job_ids) == 1:
        job = open_job_by_id(project, job_ids[0])
    else:
        try:
            job = project.get_job()
        except LookupError:
            job = None

    namespace: dict[str, Any] = {
        "project": project,
        "pr": project,
        "jobs": iter(jobs()),
        "job": job,
        "signac": signac_module(),
        "__name__": "__main__",
    }
    if args.file:
        with open(args.file) as file:
            source = file.read()
        exec(compile(source, args.file, "exec"), namespace)
    elif args.command:
        exec(compile(args.command, "<string>", "exec"), namespace)
    else:
        import code

        if sys.stdin.isatty():
            _readline(project.root_directory(), namespace)
        banner = SHELL_BANNER.format(
            python_version=sys.version,
            signac_version=API_VERSION,
            project_id=project.id,
            job_banner=f"\nJob:\t\t{job.id}" if job is not None else "",
            root_path=project.root_directory(),
            workspace_path=project.workspace(),
            size=len(project),
        )
        code.interact(local=namespace, banner=banner, exitmsg="")
