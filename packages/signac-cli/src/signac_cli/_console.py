"""Talking to the user: status lines on stderr and yes/no questions.

stdout carries only data; everything in this module writes to stderr except
the question of :func:`query_yes_no`, which 1.7 writes to stdout.
"""

from __future__ import annotations

import sys
from typing import Any


def print_err(*args: Any) -> None:
    """Print a status line on stderr."""
    print(*args, file=sys.stderr)


def query_yes_no(question: str, default: str | None = "yes") -> bool:
    """Ask a yes/no question on stdout and read the answer from stdin.

    Parameters
    ----------
    question : str
        The question, without the ``[y/N]`` hint.
    default : str or None
        The answer an empty line means: ``"yes"``, ``"no"`` or None (an
        answer is required) (Default value = "yes").

    Returns
    -------
    bool
        True for yes.

    Raises
    ------
    EOFError
        When stdin ends before an answer.
    """
    valid = {"yes": True, "y": True, "ye": True, "no": False, "n": False}
    hint = {None: " [y/n] ", "yes": " [Y/n] ", "no": " [y/N] "}[default]
    while True:
        sys.stdout.write(question + hint)
        sys.stdout.flush()
        choice = input().lower()
        if default is not None and choice == "":
            return valid[default]
        if choice in valid:
            return valid[choice]
        sys.stdout.write("Please respond with 'yes' or 'no' (or 'y' or 'n').\n")
