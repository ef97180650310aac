"""The ``sync`` subcommand: rsync-like synchronization of two projects.

It calls ``signac_core.sync.sync_projects`` with the strategies of
``FileSync`` and ``DocSync``; conflicts end in a hint and exit 1, statistics
(``--stats``) go to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from typing import Any

from ._console import print_err
from ._select import add_selection_args, find_ids_or_none, get_project

#: The file strategies of ``FileSync`` (``Ask`` is a class, the others functions).
STRATEGIES = ("always", "never", "update", "Ask")

MSG_SYNC_SPECIFY_KEY = """
Synchronization conflict occurred, no strategy defined to synchronize keys:
{keys}

Use the `-k/--key` option to specify a regular expression pattern matching
all keys that should be overwritten, `--all-keys` to overwrite all conflicting
keys, or `--no-keys` to overwrite none of the conflicting keys."""

MSG_SYNC_FILE_CONFLICT = """
Synchronization conflict occurred, no strategy defined to synchronize files:
{}

Use the `-s/--strategy` option to specify a file synchronization strategy,
or the `-u/--update` option to overwrite all files which have a more recent
modification time stamp."""

MSG_SYNC_STATS = """
Number of files transferred: {num_files}
Total transfer volume:       {volume}
"""


def add_sync(sub: Any) -> None:
    """Add the ``sync`` subcommand."""
    parser = sub.add_parser(
        "sync",
        description="Use this command to synchronize this project with another project; "
        "similar to the synchronization of two directories with `rsync`. Data is always "
        "copied from the source to the destination. For example: `signac sync "
        '/path/to/other/project -u --all-keys` means "Synchronize all jobs within this '
        "project with those in the other project; overwrite files if the source files is "
        'newer and overwrite all conflicting keys in the project and job documents."',
    )
    parser.add_argument(
        "source",
        help="The root directory of the project that this project should be synchronized with.",
    )
    parser.add_argument(
        "destination",
        nargs="?",
        help="Optional: The root directory of the project that should be modified for "
        "synchronization, defaults to the local project.",
    )
    parser.add_argument(
        "-v",
        "--verbosity",
        action="count",
        default=argparse.SUPPRESS,
        help="Set level of verbosity.",
    )
    copy = parser.add_argument_group("copy options")
    copy.add_argument(
        "-a", "--archive", action="store_true", help="archive mode; equivalent to: '-rltpog'"
    )
    copy.add_argument(
        "-r",
        "--recursive",
        action="store_true",
        help="Do not skip sub-directories, but synchronize recursively.",
    )
    copy.add_argument(
        "-l",
        "--links",
        action="store_true",
        help="Copy symbolic links as symbolic links pointing to the original source.",
    )
    copy.add_argument("-p", "--perms", action="store_true", help="Preserve permissions.")
    copy.add_argument("-o", "--owner", action="store_true", help="Preserve owner.")
    copy.add_argument("-g", "--group", action="store_true", help="Preserve group.")
    copy.add_argument(
        "-t",
        "--times",
        action="store_true",
        help="Preserve file modification times (requires -p).",
    )
    copy.add_argument(
        "-x",
        "--exclude",
        type=str,
        nargs="?",
        const=".*",
        help="Exclude all files matching the given pattern. Exclude all files if this option "
        "is provided without any argument.",
    )
    copy.add_argument(
        "-I",
        "--ignore-times",
        action="store_true",
        dest="deep",
        help="Never rely on file meta data such as the size or the modification time when "
        "determining file differences.",
    )
    copy.add_argument(
        "--size-only",
        action="store_true",
        help="Ignore modification times during file comparison. Useful when synchronizing "
        "between file systems with different timestamp resolution.",
    )
    copy.add_argument(
        "--round-times",
        action="store_true",
        help="Round modification times during file comparison. Useful when synchronizing "
        "between file systems with different timestamp resolution.",
    )
    copy.add_argument(
        "-n",
        "--dry-run",
        action="store_true",
        help="Do not actually execute the synchronization. Increase the output verbosity to "
        "see messages about what would potentially happen.",
    )
    copy.add_argument(
        "-u",
        "--update",
        action="store_true",
        help="Skip files with newer modification time stamp. This is a short-cut for: "
        "--strategy=update.",
    )
    strategy = parser.add_argument_group("sync strategy")
    strategy.add_argument(
        "-s",
        "--strategy",
        type=str,
        choices=STRATEGIES,
        help="Specify a synchronization strategy, for differing files.",
    )
    strategy.add_argument(
        "-k",
        "--key",
        type=str,
        help="Specify a regular expression for keys that should be overwritten as part of "
        "the project and job document synchronization.",
    )
    strategy.add_argument(
        "--all-keys",
        action="store_true",
        help="Overwrite all conflicting keys. Equivalent to '--key='.*''.",
    )
    strategy.add_argument(
        "--no-keys", action="store_true", help="Never overwrite any conflicting keys."
    )
    parser.add_argument(
        "-w",
        "--allow-workspace",
        action="store_true",
        help="Allow the specification of a workspace (instead of a project) directory as the "
        "destination path.",
    )
    parser.add_argument(
        "--force", action="store_true", help="Ignore all warnings, just synchronize."
    )
    parser.add_argument(
        "-m",
        "--merge",
        action="store_true",
        help="Clone all the jobs that are not present in destination from source.",
    )
    parser.add_argument(
        "--parallel",
        type=int,
        nargs="?",
        const=True,
        help="Use multiple threads for synchronization. You may optionally specify how many "
        "threads to use, otherwise all available processing units will be utilized.",
    )
    parser.add_argument("--stats", action="store_true", help="Provide file transfer statistics.")
    parser.add_argument(
        "-H",
        "--human-readable",
        action="store_true",
        help="Provide statistics with human readable formatting.",
    )
    parser.add_argument("--json", action="store_true", help="Print statistics in JSON formatting.")
    add_selection_args(
        parser,
        {
            "filter": "Only synchronize jobs that match the state point filter.",
            "doc_filter": "Only synchronize jobs that match the document filter.",
            "job_id": "Only synchronize jobs with the given job ids.",
        },
    )
    parser.set_defaults(func=main_sync)


def fmt_bytes(nbytes: float, suffix: str = "B") -> str:
    """Format a number of bytes 1024-based (``3.0 B``, ``1.5 KiB``)."""
    for unit in ("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi"):
        if abs(nbytes) < 1024.0:
            return f"{nbytes:3.1f} {unit}{suffix}"
        nbytes /= 1024.0
    return f"{nbytes:.1f} Yi{suffix}"


def _check_options(args: argparse.Namespace) -> None:
    if args.archive:
        args.recursive = args.links = args.times = args.perms = True
        args.owner = args.group = True
    if args.update:
        if args.strategy is not None:
            raise ValueError("Can't provide both the '-u/--update' and a '-s/--strategy argument!")
        args.strategy = "update"
    if args.times and not args.perms:
        raise NotImplementedError(
            "The '-t/--times' option can only be used in combination with the '-p/--perms argument."
        )
    if args.size_only and args.round_times:
        raise ValueError("The '--size-only' and '--round-times' options are mutually exclusive!")
    if sum(1 for given in (args.key is not None, args.all_keys, args.no_keys) if given) > 1:
        raise ValueError(
            "You can only provide one of the '-k/--key', '--all-keys' and '--no-keys' options!"
        )


def _destination(args: argparse.Namespace) -> Any:
    if args.destination is None:
        return get_project()
    try:
        return get_project(root=args.destination)
    except LookupError:
        if not args.allow_workspace:
            print_err(
                "WARNING: The destination appears to not be a project path. Use the "
                "'-w/--allow-workspace' option if you want to synchronize to a workspace "
                "directory directly."
            )
            raise
    from signac_core import Project

    root = os.path.abspath(args.destination)
    return Project(
        config={
            "project": os.path.basename(root),
            "project_dir": root,
            "workspace_dir": ".",
            "schema_version": "1",
        }
    )


def main_sync(args: argparse.Namespace) -> None:
    """Synchronize the destination project with the source project."""
    _check_options(args)
    try:
        from signac_core import sync as _sync
    except ImportError:
        raise RuntimeError(
            "Synchronization is not available in this version of signac-core."
        ) from None
    from signac_core.errors import DocumentSyncConflict, FileSyncConflict, SchemaSyncConflict

    selection = find_ids_or_none(args)
    source = get_project(root=args.source)
    destination = _destination(args)
    print_err(f"Synchronizing '{source}' -> '{destination}'...")

    if args.strategy is None:
        strategy = None
    elif args.strategy[0].isupper():
        strategy = getattr(_sync.FileSync, args.strategy)()
    else:
        strategy = getattr(_sync.FileSync, args.strategy)

    skipped: set[str] = set()
    pattern = ".*" if args.all_keys else args.key
    if pattern is None and not args.no_keys:
        doc_sync = _sync.DocSync.ByKey()
    else:

        def key_strategy(key: str) -> bool:
            if pattern is not None and re.match(pattern, key):
                return True
            skipped.add(key)
            return False

        doc_sync = _sync.DocSync.ByKey(key_strategy)

    try:
        stats = _sync.sync_projects(
            source=source,
            destination=destination,
            strategy=strategy,
            exclude=args.exclude,
            doc_sync=doc_sync,
            selection=selection,
            check_schema=not (args.merge or args.force),
            recursive=args.recursive,
            follow_symlinks=not args.links,
            preserve_permissions=args.perms,
            preserve_times=args.times,
            preserve_owner=args.owner,
            preserve_group=args.group,
            deep=args.deep,
            dry_run=args.dry_run,
            parallel=args.parallel or False,
            collect_stats=args.stats,
        )
    except SchemaSyncConflict as error:
        _report_schema_conflict(error)
        raise RuntimeWarning("Synchronization aborted.") from error
    except DocumentSyncConflict as error:
        print_err(MSG_SYNC_SPECIFY_KEY.format(keys=", ".join(sorted(map(str, error.keys)))))
        raise RuntimeWarning("Synchronization aborted.") from error
    except FileSyncConflict as error:
        print_err(MSG_SYNC_FILE_CONFLICT.format(error))
        raise RuntimeWarning("Synchronization aborted.") from error
    if skipped:
        print_err("Skipped key(s):", ", ".join(sorted(skipped)))
    if args.stats:
        assert stats is not None  # sync_projects(collect_stats=True) returns them
        print("\n# Transfer statistics", "(dry run)" if args.dry_run else "")
        if args.json:
            print(json.dumps({"num_files": stats.num_files, "volume": stats.volume}))
        else:
            volume = fmt_bytes(stats.volume) if args.human_readable else stats.volume
            print(MSG_SYNC_STATS.format(num_files=stats.num_files, volume=volume))
    print_err("Done.")


def _report_schema_conflict(error: Any) -> None:
    src, dst = error.schema_src, error.schema_dst
    print_err("Synchronizing two projects with different schema requires the -m/--merge option.")
    only_src = set(src.difference(dst, ignore_values=True))
    only_dst = set(dst.difference(src, ignore_values=True))
    differ = set(src.difference(dst)) - only_src - only_dst
    if only_src:
        print_err(f"Keys found only in the source schema: {', '.join(sorted(only_src))}")
    if only_dst:
        print_err(f"Keys found only in the destination schema: {', '.join(sorted(only_dst))}")
    if differ:
        print_err(
            f"Keys having different values in source and destination: {', '.join(sorted(differ))}"
        )
