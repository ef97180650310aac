"""Entry point of the ``signac`` command: the parser and the one error path.

Every subcommand module adds its parsers (``add_<name>(subparsers)``) with a
handler ``func(args) -> None``. :func:`main` runs the handler and turns what
it raises into an exit code: ``Error: <message>`` on stderr and 1 for an
exception, ``Warning: <message>`` and 1 for a :class:`RuntimeWarning` raised
as an error, the traceback too with ``--debug``. Usage errors exit 2.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
import warnings
from collections.abc import Sequence

from . import _cmd_config, _cmd_project, _cmd_query, _cmd_shell, _cmd_sync, _cmd_transfer
from ._console import print_err
from ._version import API_VERSION


class ArgumentParser(argparse.ArgumentParser):
    """An argument parser whose help names its option section ``optional arguments:``.

    signac 1.7 ran on Pythons whose argparse used that heading; scripts that
    read ``--help`` find it under the same name here (newer argparse says
    ``options:``).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._optionals.title = "optional arguments"


def build_parser(prog: str | None = None) -> ArgumentParser:
    """Return the argument parser of the ``signac`` command.

    Parameters
    ----------
    prog : str, optional
        The program name shown in usage messages (Default value = None: the
        name the command was started with, as argparse derives it).

    Returns
    -------
    ArgumentParser
        The parser with every subcommand.
    """
    parser = ArgumentParser(
        prog=prog,
        description="signac aids in the management, access and analysis of "
        "large-scale computational investigations.",
    )
    parser.add_argument(
        "--debug", action="store_true", help="Show traceback on error for debugging."
    )
    parser.add_argument(
        "--version", action="store_true", help="Display the version number and exit."
    )
    parser.add_argument(
        "-v", "--verbosity", action="count", default=0, help="Set level of verbosity."
    )
    parser.add_argument(
        "-y",
        "--yes",
        action="store_true",
        help="Answer all questions with yes. Useful for scripted interaction.",
    )
    sub = parser.add_subparsers()
    # The order of signac 1.7 (it shows in usage messages and --help).
    _cmd_project.add_init(sub)
    _cmd_project.add_project(sub)
    _cmd_project.add_job(sub)
    _cmd_query.add_statepoint(sub)
    _cmd_query.add_diff(sub)
    _cmd_query.add_document(sub)
    _cmd_project.add_rm(sub)
    _cmd_project.add_move(sub)
    _cmd_project.add_clone(sub)
    _cmd_project.add_index(sub)
    _cmd_query.add_find(sub)
    _cmd_transfer.add_view(sub)
    _cmd_query.add_schema(sub)
    _cmd_shell.add_shell(sub)
    _cmd_sync.add_sync(sub)
    _cmd_transfer.add_import(sub)
    _cmd_transfer.add_export(sub)
    _cmd_project.add_update_cache(sub)
    _cmd_config.add_config(sub)
    return parser


def _configure_logging(args: argparse.Namespace) -> None:
    if args.debug:
        logging.basicConfig(level=logging.DEBUG)
    elif args.verbosity:
        logging.basicConfig(level=max(logging.DEBUG, logging.WARNING - 10 * args.verbosity))
    if not sys.warnoptions:
        # signac 1.7 shows its deprecation warnings on the command line.
        warnings.filterwarnings("default", category=DeprecationWarning)


def _exit_quietly_on_broken_pipe() -> int:
    # The reader went away (``signac find | head``): nothing more to say.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``signac`` command with ``argv`` and return its exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name (Default value = None:
        ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit code: 0 on success, 1 on an error, 2 on a usage error
        (argparse raises :class:`SystemExit` with 2 itself).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        print("signac", API_VERSION)
        return 0
    if not hasattr(args, "func"):
        parser.print_usage()
        return 2
    _configure_logging(args)
    try:
        args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:
        return _exit_quietly_on_broken_pipe()
    except KeyboardInterrupt:
        print_err()
        print_err("Interrupted.")
        if args.debug:
            raise
        return 1
    except RuntimeWarning as warning:
        print_err(f"Warning: {warning}")
        if args.debug:
            raise
        return 1
    except OSError as error:
        if error.errno == errno.EPIPE:
            return _exit_quietly_on_broken_pipe()
        print_err(f"Error: {error}")
        if args.debug:
            raise
        return 1
    except Exception as error:
        print_err(f"Error: {error}")
        if args.debug:
            raise
        return 1
    return 0
