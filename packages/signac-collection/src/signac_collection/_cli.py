"""The command line interface of :meth:`Collection.main`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ._filterparse import parse_filter_args


def run(collection: Any, argv: list[str] | None = None) -> None:
    """Parse *argv*, search *collection* and print the matching documents."""
    parser = argparse.ArgumentParser(
        description="Search the documents of a collection: a JSON filter, or key value pairs."
    )
    parser.add_argument(
        "filter",
        type=str,
        nargs="*",
        help="A JSON filter, or the simplified syntax: key value [key value ...].",
    )
    parser.add_argument(
        "--id",
        dest="only_ids",
        action="store_true",
        help="Print only the primary keys of the matching documents.",
    )
    parser.add_argument(
        "-i",
        "--indent",
        type=int,
        nargs="?",
        const=2,
        help="Indent the JSON output (default 2 if given without a value).",
    )
    parser.add_argument(
        "-l", "--limit", type=int, default=0, help="Print at most this many documents."
    )
    args = parser.parse_args(argv)
    if args.only_ids and args.indent is not None:
        raise ValueError("Select either --id or --indent, not both.")
    filter = parse_filter_args(args.filter)
    out = sys.stdout
    try:
        if args.only_ids:
            for _id in collection.find_ids(filter, limit=args.limit):
                print(_id, file=out)
        else:
            for doc in collection.find(filter, limit=args.limit):
                print(json.dumps(doc, indent=args.indent), file=out)
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        pass
