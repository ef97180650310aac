"""Migrations of a project's on-disk schema (signac 1.x's ``signac.contrib.migration``).

The schema version of a project is the ``schema_version`` key of its
``signac.rc``; this package reads and writes schema version 1. A project of
version 0 (written by signac < 1.0) is migrated with::

    project = signac.Project.get_project(root, _ignore_schema_version=True)
    for origin, destination in apply_migrations(project):
        ...

Compatibility surface (see ``docs/compat-1x.md``): the names, messages and
the lock file are those of signac 1.7.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ._project import SCHEMA_VERSION
from ._workspace import write_atomic
from .config import CONFIG_FILENAMES, _ProjectConfig, load_config, read_config_file

#: The lock file held in the project root while migrations are applied.
FN_MIGRATION_LOCKFILE = ".SIGNAC_PROJECT_MIGRATION_LOCK"


def _migrate_v0_to_v1(project: Any) -> None:
    """Migrate a project from schema version 0 to 1: the layout is the same, nothing moves."""


#: (origin, destination) -> the function that migrates a project between them.
MIGRATIONS: dict[tuple[str, str], Callable[[Any], None]] = {("0", "1"): _migrate_v0_to_v1}


def _schema_version(project: Any) -> int:
    return int(project._config["schema_version"])


def _collect_migrations(project: Any) -> Iterator[tuple[tuple[str, str], Callable[[Any], None]]]:
    """Yield the migrations that bring ``project`` to the supported schema version.

    Each is ``((origin, destination), migrate)``, from the version in
    ``project._config["schema_version"]``; the version is read again after
    each step, so the caller applies one before asking for the next.

    Raises
    ------
    RuntimeError
        If the project's schema version is newer than supported, or no
        migration leads on from it.
    """
    supported = SCHEMA_VERSION
    if _schema_version(project) > supported:
        raise RuntimeError(
            f"The signac schema version used by this project is "
            f"'{project._config['schema_version']}', but this version of signac only supports "
            f"up to schema version '{SCHEMA_VERSION}'. Try updating signac."
        )
    while _schema_version(project) < supported:
        origin = str(_schema_version(project))
        for (source, destination), migrate in MIGRATIONS.items():
            if source == origin:
                yield (source, destination), migrate
                break
        else:
            raise RuntimeError(
                f"The signac schema version used by this project is '{origin}', but this "
                f"version of signac uses schema version '{SCHEMA_VERSION}' and does not know "
                "how to migrate."
            )


def _update_project_config(project: Any, **values: str) -> None:
    """Write ``values`` into the project's configuration file and reload ``project._config``."""
    root = project.root_directory()
    for name in CONFIG_FILENAMES:
        fn = os.path.join(root, name)
        config = read_config_file(fn)
        if "project" in config:
            break
    else:
        raise RuntimeError(f"Unable to find the configuration file of the project in '{root}'.")
    config.update(values)
    config.filename = None  # write() returns the lines instead of writing in place
    write_atomic(fn, "\n".join(config.write()) + "\n")
    project._config = _ProjectConfig(load_config(root))


@contextmanager
def _lock(fn: str) -> Iterator[None]:
    """Hold an exclusive lock on ``fn`` (created, and removed afterwards)."""
    with open(fn, "a") as file:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: the file marks the migration
            fcntl = None  # type: ignore[assignment]
        if fcntl is not None:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            try:
                os.unlink(fn)
            except FileNotFoundError:
                pass


def apply_migrations(project: Any) -> Iterator[tuple[str, str]]:
    """Apply the migrations to the supported schema version, one step at a time.

    A generator: while it runs, the lock file ``.SIGNAC_PROJECT_MIGRATION_LOCK``
    in the project root is held. For each step it writes ``Applying migration
    for version <origin> to <destination>... `` to standard error, migrates,
    writes the new ``schema_version`` to the configuration file, reloads
    ``project._config``, writes ``OK`` and yields ``(origin, destination)``.

    Parameters
    ----------
    project : Project
        The project, opened with ``_ignore_schema_version=True`` when its
        version is not the supported one.

    Yields
    ------
    tuple of str
        ``(origin, destination)`` of each applied migration.

    Raises
    ------
    RuntimeError
        If the schema version is newer than supported, or a migration fails
        (the configuration file then keeps the last version reached).
    """
    with _lock(os.path.join(project.root_directory(), FN_MIGRATION_LOCKFILE)):
        for (origin, destination), migrate in _collect_migrations(project):
            print(
                f"Applying migration for version {origin} to {destination}... ",
                end="",
                file=sys.stderr,
            )
            try:
                migrate(project)
            except Exception as error:
                raise RuntimeError(f"Failed to apply migration {destination}.") from error
            _update_project_config(project, schema_version=destination)
            print("OK", file=sys.stderr)
            yield origin, destination


__all__ = ["FN_MIGRATION_LOCKFILE", "MIGRATIONS", "apply_migrations"]
