"""Entry point of the ``signac`` command."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from signac_core import __version__ as core_version

from ._version import __version__

#: The signac API version this command line implements.
API_VERSION = "1.7"


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``signac`` command."""
    parser = argparse.ArgumentParser(
        prog="signac",
        description="signac aids in the management, access and analysis of "
        "large-scale computational investigations.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"signac {API_VERSION} (signac-cli {__version__}, signac-core {core_version})",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``signac`` command with ``argv`` and return its exit code."""
    parser = build_parser()
    parser.parse_args(argv)
    parser.print_help()
    return 0
