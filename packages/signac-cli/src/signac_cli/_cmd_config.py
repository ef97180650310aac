"""The ``config`` subcommand: ``show``, ``set``, ``host`` and ``verify``.

``-g/--global`` works on ``~/.signacrc``, ``-l/--local`` on the configuration
file in the current directory, neither on the merged configuration (``show``
and ``verify``), the local file (``set``) or the global file (``host``, where
the hosts that ``get_database`` reads live). Passwords are never printed
(``password = ***``) unless ``host --show-pw`` asks for it.
"""

from __future__ import annotations

import argparse
import getpass
import os
from typing import Any

from ._console import print_err, query_yes_no


def add_config(sub: Any) -> None:
    """Add the ``config`` subcommand and its own subcommands."""
    parser = sub.add_parser("config")
    parser.add_argument(
        "-g",
        "--global",
        dest="globalcfg",
        action="store_true",
        help="Modify the global configuration.",
    )
    parser.add_argument(
        "-l", "--local", action="store_true", help="Modify the local configuration."
    )
    parser.add_argument(
        "-f",
        "--force",
        action="store_true",
        help="Skip sanity checks when modifying the configuration.",
    )
    config_sub = parser.add_subparsers()

    show = config_sub.add_parser("show")
    show.add_argument(
        "key",
        type=str,
        nargs="*",
        help="The key(s) to show, omit to show the full configuration.",
    )
    show.set_defaults(func=main_config_show)

    set_ = config_sub.add_parser("set")
    set_.add_argument("key", type=str, help="The key to modify.")
    set_.add_argument("value", type=str, nargs="*", help="The value to set key to.")
    set_.add_argument(
        "-f", "--force", action="store_true", help="Override any validation warnings."
    )
    set_.set_defaults(func=main_config_set)

    host = config_sub.add_parser("host")
    host.add_argument(
        "hostname",
        type=str,
        help="The name of the specified resource. Note: The name can be arbitrarily chosen.",
    )
    host.add_argument("url", type=str, nargs="?", help="The URL of the specified resource.")
    host.add_argument("-u", "--username", type=str, help="The username used for authentication.")
    host.add_argument(
        "-p",
        "--password",
        type=str,
        nargs="?",
        const=True,
        help="The password used for authentication; asked for when given without a value.",
    )
    host.add_argument("--show-pw", action="store_true", help="Show passwords.")
    host.add_argument("-r", "--remove", action="store_true", help="Remove the specified resource.")
    host.set_defaults(func=main_config_host)

    verify = config_sub.add_parser("verify")
    verify.set_defaults(func=main_config_verify)


def hide_password(line: str) -> str:
    """Mask the value of a ``password = ...`` line of a configuration file."""
    if line.strip().startswith("password"):
        return " " * line.index("password") + "password = ***"
    return line


def _mode(args: argparse.Namespace) -> str:
    if args.local and args.globalcfg:
        raise ValueError("You can specify either -l/--local or -g/--global, not both.")
    return "local" if args.local else "global" if args.globalcfg else ""


def _global_file() -> str:
    from signac_core import config

    return os.path.expanduser(config.FN_GLOBAL_CONFIG)


def _local_files() -> list[str]:
    from signac_core import config

    return [fn for fn in config.CONFIG_FILENAMES if os.path.isfile(fn)]


def _read(mode: str) -> Any:
    """Read the configuration ``show`` and ``verify`` work on (None: no such file)."""
    from signac_core import config

    if mode == "local":
        cfg = None
        for fn in _local_files():
            if cfg is None:
                cfg = config.read_config_file(fn)
            else:
                cfg.merge(config.read_config_file(fn))
        return cfg
    if mode == "global":
        return config.read_config_file(_global_file())
    return config.load_config()


def _not_found(mode: str) -> str:
    return f"Did not find a{' ' + mode + ' ' if mode else ''}configuration file."


def main_config_show(args: argparse.Namespace) -> None:
    """Print the configuration (or the value of a key) with passwords masked."""
    from signac_core.config import Config

    mode = _mode(args)
    cfg = _read(mode)
    if cfg is None:
        print_err(_not_found(mode))
        return
    for key in args.key:
        for part in key.split("."):
            cfg = cfg.get(part)
            if cfg is None:
                break
    if not isinstance(cfg, dict):
        print(cfg)
        return
    # A copy without a file name: write() then returns the lines.
    for line in Config(cfg).write():
        print(hide_password(line))


def main_config_verify(args: argparse.Namespace) -> None:
    """Check the configuration against signac's schema; print ``Passed.`` or each problem."""
    from configobj import flatten_errors

    mode = _mode(args)
    cfg = _read(mode)
    if cfg is None:
        raise RuntimeError(_not_found(mode))
    if cfg.filename is not None:
        print_err(f"Verification of config file '{cfg.filename}'.")
    result = cfg.verify()
    if result is True:
        print_err("Passed.")
        return
    problems = []
    for sections, key, error in flatten_errors(cfg, result):
        name = ".".join([*sections, key if key is not None else "[missing section]"])
        problems.append(f"{name}: {'Possibly invalid or missing.' if error is False else error}")
    for problem in problems:
        print_err(problem)
    raise RuntimeError(
        f"The configuration has {len(problems)} invalid entr{'y' if len(problems) == 1 else 'ies'}."
    )


def _open_for_writing(fn: str) -> Any:
    from signac_core import config

    try:
        return config.read_config_file(fn)
    except OSError:
        return config.get_config(fn)


def main_config_set(args: argparse.Namespace) -> None:
    """Set ``section.key`` to a value in the local (default) or global file."""
    mode = _mode(args) or "local"
    if mode == "local":
        found = _local_files()
        fn = found[0] if found else "signac.rc"
    else:
        fn = _global_file()
    keys = args.key.split(".")
    if keys[-1].endswith("password"):
        raise RuntimeError("Passwords need to be set with `signac config host HOSTNAME -p`!")
    if not args.value:
        raise ValueError("No value argument provided!")
    value: Any = args.value[0] if len(args.value) == 1 else args.value
    cfg = _open_for_writing(fn)
    section = cfg
    for key in keys[:-1]:
        section = section.setdefault(key, {})
        if not isinstance(section, dict):
            raise KeyError(args.key)
    section[keys[-1]] = value
    print_err(f"Updated value '{args.key}'='{value}'.")
    print_err(f"Writing configuration to '{os.path.abspath(fn)}'.")
    cfg.write()


def main_config_host(args: argparse.Namespace) -> None:
    """Add, change, show or remove (``-r``) a database host entry."""
    fn = _local_files()[0] if _mode(args) == "local" and _local_files() else _global_file()
    if args.local and not _local_files():
        raise RuntimeError(_not_found("local"))
    cfg = _open_for_writing(fn)
    hosts = cfg.setdefault("hosts", {})

    if args.remove:
        if args.hostname not in hosts:
            print_err("Nothing to remove.")
            return
        question = f"Are you sure you want to remove host '{args.hostname}'?"
        if args.yes or query_yes_no(question, default="no"):
            del hosts[args.hostname]
            print_err(f"Writing configuration to '{os.path.abspath(fn)}'.")
            cfg.write()
        return

    new = args.hostname not in hosts
    hostcfg = hosts.setdefault(args.hostname, {})
    changed = new
    if args.url is not None and hostcfg.get("url") != args.url:
        hostcfg["url"] = args.url
        changed = True
    if args.username is not None:
        if hostcfg.get("username") != args.username:
            hostcfg["username"] = args.username
            changed = True
        if hostcfg.get("auth_mechanism") != "SCRAM-SHA-1":
            hostcfg["auth_mechanism"] = "SCRAM-SHA-1"
            changed = True
    if args.password is not None:
        password = args.password
        if password is True:
            password = getpass.getpass(f"Password for host '{args.hostname}': ")
        if hostcfg.get("password") != password:
            hostcfg["password"] = password
            changed = True
    if changed:
        print_err(f"{'Configured' if new else 'Updated'} host '{args.hostname}'.")
        print_err(f"Writing configuration to '{os.path.abspath(fn)}'.")
        cfg.write()
    print(f"[{args.hostname}]")
    for key, value in hostcfg.items():
        if key.endswith("password") and not args.show_pw:
            value = "***"
        print(f"{key} = {value}")
