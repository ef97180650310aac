"""Export jobs to directories and archives, and import data spaces into a project.

The signac 1.7 module ``signac.contrib.import_export``. :func:`export_jobs`
backs :meth:`Project.export_to` and :meth:`JobsCursor.export_to`;
:func:`import_into_project` backs :meth:`Project.import_from`.

Every path is computed and checked before anything is written (see
:mod:`._export_paths`); unlike signac 1.7, a path that leaves the target is
refused with a ``ValueError``. Archives are read through :mod:`._archive`,
which refuses hostile members before anything is written.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import tarfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from ._archive import Archive
from ._export_paths import _SchemaPathEvaluationError, check_paths, make_path_function
from ._fsutil import _mkdir_p, copytree_atomic, remove_path, tmp_name
from ._progress import progress
from ._workspace import FN_MANIFEST, is_job_id, write_manifest
from .errors import DestinationExistsError, StatepointParsingError

#: Refuse archives whose members hold more bytes than this (None: the free space
#: of the destination file system is the limit).
MAX_EXTRACT_SIZE: int | None = None


# -- export ---------------------------------------------------------------------------
def _plan_export(jobs: Iterable[Any], path: Any, target: str) -> dict[str, str]:
    jobs = list(jobs)
    path_function = make_path_function(jobs, path)
    paths = {job: path_function(job) for job in jobs}
    check_paths(paths, target)
    return {job.workspace(): dst for job, dst in paths.items()}


def _export(plan: Mapping[str, str], copy: Callable[[str, str], Any]) -> Iterator[tuple[str, str]]:
    for src, dst in progress(plan.items(), total=len(plan), desc="Export"):
        copy(src, dst)
        yield src, dst


def export_to_directory(
    jobs: Iterable[Any], target: str, path: Any = None, copytree: Any = None
) -> Iterator[tuple[str, str]]:
    """Export jobs to a directory.

    Parameters
    ----------
    jobs : iterable of Job
        The jobs to export.
    target : str
        The target directory.
    path : None, False, str or callable
        The path (function) of each job in the target (Default value = None).
    copytree : callable, optional
        ``copytree(src, dst)`` copies one job directory; it is called after the
        parent directories of ``dst`` exist (Default value = :func:`shutil.copytree`).

    Yields
    ------
    tuple
        ``(source workspace, destination relative to the target)``.
    """
    yield from _to_directory(_plan_export(jobs, path, target), target, copytree)


def _to_directory(plan: Mapping[str, str], target: str, copytree: Any) -> Iterator[tuple[str, str]]:
    if copytree is None:
        copytree = shutil.copytree
    # Every destination is checked before anything is written; the error names the first
    # existing one in the order of the destination paths (not the order the jobs came in,
    # which is the file system's).
    for dst in sorted(plan.values(), key=lambda d: os.path.normpath(d).split(os.sep)):
        full = os.path.join(target, dst)
        if os.path.lexists(full):
            raise FileExistsError(17, os.strerror(17), full)

    def copy(src: str, dst: str) -> None:
        full = os.path.join(target, dst)
        _mkdir_p(os.path.dirname(os.path.normpath(full)))
        copytree(src, full)

    yield from _export(plan, copy)


def _members(src: str, dst: str) -> Iterator[tuple[str, str, bool]]:
    """Yield ``(file system path, member name, is a directory)`` of one job, names with ``/``."""
    base = os.path.normpath(dst).replace(os.sep, "/")
    base = "" if base == "." else base
    for root, dirs, files in os.walk(src):
        dirs.sort()
        rel = os.path.relpath(root, src)
        name = base if rel == "." else posixpath.join(base, rel.replace(os.sep, "/"))
        if name:
            yield root, name, True
        for fn in sorted(files):
            yield os.path.join(root, fn), posixpath.join(name, fn) if name else fn, False


def _to_tar(plan: Mapping[str, str], handle: tarfile.TarFile) -> Iterator[tuple[str, str]]:
    def copy(src: str, dst: str) -> None:
        for fs_path, name, _is_dir in _members(src, dst):
            handle.add(fs_path, arcname=name, recursive=False)

    yield from _export(plan, copy)


def _to_zip(plan: Mapping[str, str], handle: zipfile.ZipFile) -> Iterator[tuple[str, str]]:
    def copy(src: str, dst: str) -> None:
        for fs_path, name, is_dir in _members(src, dst):
            if not is_dir:
                handle.write(fs_path, arcname=name)

    yield from _export(plan, copy)


def export_to_tarfile(
    jobs: Iterable[Any], tarfile: tarfile.TarFile, path: Any = None
) -> Iterator[tuple[str, str]]:
    """Export jobs to an open tar file.

    Members are named relative to the archive root with ``/`` and include the
    directory entries of every job directory (except the archive root).

    Yields
    ------
    tuple
        ``(source workspace, destination relative to the archive root)``.
    """
    yield from _to_tar(_plan_export(jobs, path, str(tarfile.name or "<tarfile>")), tarfile)


def export_to_zipfile(
    jobs: Iterable[Any], zipfile: zipfile.ZipFile, path: Any = None
) -> Iterator[tuple[str, str]]:
    """Export jobs to an open zip file (file members only).

    Yields
    ------
    tuple
        ``(source workspace, destination relative to the archive root)``.
    """
    yield from _to_zip(_plan_export(jobs, path, str(zipfile.filename or "<zipfile>")), zipfile)


def export_jobs(
    jobs: Iterable[Any], target: Any, path: Any = None, copytree: Any = None
) -> Iterator[tuple[str, str]]:
    """Export jobs to a directory or an archive; the type comes from the extension of ``target``.

    No extension: a directory; ``.zip``: a deflated zip file; ``.tar``: a tar
    file (appended to if it exists); ``.gz``, ``.bz2``, ``.xz``: a tar file
    with that compression. ``target`` may also be an open ``ZipFile`` or
    ``TarFile``.

    Parameters
    ----------
    jobs : iterable of Job
        The jobs to export.
    target : str, zipfile.ZipFile or tarfile.TarFile
        The target.
    path : None, False, str or callable
        The path (function) of each job in the target (Default value = None).
    copytree : callable, optional
        Copies one job directory; only for directory targets (Default value = None).

    Yields
    ------
    tuple
        ``(source workspace, destination relative to the target)``.

    Raises
    ------
    ValueError
        If ``copytree`` is given for an archive target, if ``path`` is of a
        wrong type, or if a path leaves the target.
    TypeError
        If the extension or the type of ``target`` is unknown.
    RuntimeError
        If the paths are not unique, a path is both a leaf and the parent of
        another, or a job's path cannot be determined.
    """
    if copytree is not None and not (
        isinstance(target, (str, os.PathLike)) and os.path.splitext(target)[1] == ""
    ):
        raise ValueError("The copytree argument can only be used in combination with directories.")
    if isinstance(target, zipfile.ZipFile):
        yield from export_to_zipfile(jobs, target, path)
        return
    if isinstance(target, tarfile.TarFile):
        yield from export_to_tarfile(jobs, target, path)
        return
    if not isinstance(target, (str, os.PathLike)):
        raise TypeError("Unknown target type", target)
    target = os.fspath(target)
    ext = os.path.splitext(target)[1]
    if ext not in ("", ".zip", ".tar", ".gz", ".bz2", ".xz"):
        raise TypeError(f"Unknown extension '{ext}'.")
    plan = _plan_export(jobs, path, target)  # bad paths fail before anything is created
    if ext == "":
        yield from _to_directory(plan, target, copytree)
    elif ext == ".zip":
        with zipfile.ZipFile(target, mode="w", compression=zipfile.ZIP_DEFLATED) as zip_handle:
            yield from _to_zip(plan, zip_handle)
    else:
        mode = "a" if ext == ".tar" else "w:" + ext[1:]
        with tarfile.open(name=target, mode=mode) as tar_handle:  # type: ignore[call-overload,arg-type]
            yield from _to_tar(plan, tar_handle)


# -- import: schemas --------------------------------------------------------------------
_TYPES: dict[str, tuple[str, Callable[[str], Any]]] = {
    "str": (r"\w+", str),
    "int": (r"[+-]?\d+", int),
    "float": (r"[+-]?(\d*\.)?\d+", float),
    "bool": (r"(?i:true|false|1|0)", lambda v: v.lower() in ("true", "1")),
}


def _nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for key, value in flat.items():
        node = nested
        *parents, last = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return nested


def _schema_from_string(schema: str) -> Callable[[str], dict[str, Any] | None]:
    """Turn ``"a/{a:int}/{b.c:float}"`` into a function of a relative path (None: no match).

    Raises
    ------
    KeyError
        For an unknown type.
    """
    from string import Formatter

    pattern = ""
    fields: list[tuple[str, Callable[[str], Any]]] = []
    for literal, field, spec, _ in Formatter().parse(schema):
        pattern += re.escape(literal)
        if field is not None:
            regex, convert = _TYPES[spec or "str"]
            pattern += f"(?P<g{len(fields)}>{regex})"
            fields.append((field, convert))
    compiled = re.compile(pattern)

    def parse(path: str) -> dict[str, Any] | None:
        match = compiled.fullmatch(path.replace(os.sep, "/"))
        if match is None:
            return None
        return _nest({key: convert(match[f"g{i}"]) for i, (key, convert) in enumerate(fields)})

    return parse


def _schema_function(schema: Any) -> Callable[[str, str], dict[str, Any] | None] | None:
    """``f(path as walked, path relative to the origin)``; None for the manifest-only default."""
    if schema is None:
        return None
    if isinstance(schema, str):
        parse = _schema_from_string(schema)
        return lambda path, rel: parse(rel)
    if callable(schema):
        return lambda path, rel: schema(path)
    raise TypeError("The schema variable must be None, callable, or a string.")


class _JobFinder:
    """Identify jobs among the directories of an origin, met top-down.

    :meth:`visit` tells whether a directory is a job (the caller then skips the
    directories below it: they are the job's data).
    """

    def __init__(self, schema: Any, project: Any):
        self._function = _schema_function(schema)
        self._project = project
        self._found: dict[str, tuple[str, Any]] = {}

    def visit(self, path: str, rel: str, manifest: Any) -> bool:
        if self._function is None:
            statepoint = manifest
        else:
            statepoint = self._function(path, rel)
            if statepoint is not None and manifest is not None and dict(statepoint) != manifest:
                # 1.7's message, word for word (golden cli.json, cli-157).
                raise StatepointParsingError(
                    "Identified state point conflicts with state point in job manifest file!"
                )
        if statepoint is None:
            return False
        job = self._project.open_job(dict(statepoint))
        name = posixpath.basename(rel)
        if manifest is not None and is_job_id(name) and name != job.id:
            raise StatepointParsingError(
                f"The directory '{path}' is named like the job id '{name}', but its manifest "
                f"belongs to the job '{job.id}'."
            )
        if job.id in self._found:
            raise StatepointParsingError(
                "The jobs identified with the given schema function are not unique! "
                f"('{self._found[job.id][0]}' and '{path}' are both job '{job.id}')"
            )
        self._found[job.id] = (path, job)
        return True

    def jobs(self) -> list[tuple[str, Any]]:
        """``[(source, job)]``; raise DestinationExistsError if a job exists in the project."""
        for _, job in self._found.values():
            if job in self._project:
                raise DestinationExistsError(job)
        return list(self._found.values())


def _load_json(blob: bytes | None, where: str) -> Any:
    if blob is None:
        return None
    try:
        return json.loads(blob.decode())
    except ValueError as error:
        raise StatepointParsingError(f"The manifest '{where}' is not valid JSON: {error}") from None


# -- import: directories and archives ------------------------------------------------------
def _import_directory(
    origin: str, project: Any, schema: Any, copytree: Any
) -> Iterator[tuple[str, str]]:
    own_workspace = os.path.realpath(project.workspace())
    finder = _JobFinder(schema, project)
    for path, dirs, _files in os.walk(origin):
        if os.path.realpath(path) == own_workspace:
            dirs[:] = []
            continue
        dirs.sort()
        fn = os.path.join(path, FN_MANIFEST)
        try:
            with open(fn, "rb") as file:
                manifest = _load_json(file.read(), fn)
        except FileNotFoundError:
            manifest = None
        rel = os.path.relpath(path, origin).replace(os.sep, "/")
        if finder.visit(path, rel, manifest):
            dirs[:] = []
    jobs = finder.jobs()
    for src, job in progress(jobs, total=len(jobs), desc="Import"):
        dst = job.workspace()
        if copytree is None:
            copytree_atomic(src, dst, shutil.copy2)
        else:
            copytree(src, dst)
        job.init()
        project._workspace_changed()
        yield src, dst


def _import_archive(archive: Archive, project: Any, schema: Any) -> Iterator[tuple[str, str]]:
    max_size = MAX_EXTRACT_SIZE
    free = shutil.disk_usage(project.workspace()).free
    archive.check(free if max_size is None else min(max_size, free))
    finder = _JobFinder(schema, project)
    taken: set[str] = set()
    for rel in sorted(archive.directories(), key=lambda d: (d.count("/") + bool(d), d)):
        parent, below_job = rel, False
        while parent:
            parent = posixpath.dirname(parent)
            if parent in taken:
                below_job = True
                break
        if below_job:
            continue
        name = posixpath.join(rel, FN_MANIFEST) if rel else FN_MANIFEST
        manifest = _load_json(archive.read(name), f"{archive.path}:{name}")
        if finder.visit(rel or ".", rel or ".", manifest):
            taken.add(rel)
    jobs = [("" if src == "." else src, job) for src, job in finder.jobs()]
    for root, _ in jobs:
        archive.check_job(root)
    for root, job in progress(jobs, total=len(jobs), desc="Import"):
        dst = job.workspace()
        staging = tmp_name(dst)
        remove_path(staging)
        os.makedirs(staging)
        try:
            archive.extract(root, staging)
            if not os.path.exists(os.path.join(staging, FN_MANIFEST)):
                write_manifest(staging, job._plain_statepoint())
            os.rename(staging, dst)
        except BaseException:
            remove_path(staging)
            raise
        job.init()
        project._workspace_changed()
        yield root or ".", dst


def import_into_project(
    origin: str | None, project: Any, schema: Any = None, copytree: Any = None
) -> Iterator[tuple[str, str]]:
    """Import the data space at ``origin`` (a directory, zip or tar file) into ``project``.

    Without a schema, every directory holding a ``signac_statepoint.json`` is a
    job, met top-down; its subdirectories are its data. The project's own
    workspace is skipped. A string schema such as ``"a/{a:int}/{b.c:float}"``
    matches whole paths relative to the origin (types ``str``, ``int``,
    ``float``, ``bool``); a callable schema takes a path and returns a state
    point, or None for "not a job".

    Parameters
    ----------
    origin : str or None
        The directory or archive file; None is the current working directory.
    project : Project
        The project to import into.
    schema : None, str or callable
        How to identify jobs (Default value = None).
    copytree : callable, optional
        ``copytree(src, dst)`` for directory origins (Default value = a copy
        through a hidden name, published by a rename).

    Yields
    ------
    tuple
        ``(source path, absolute destination workspace)``.

    Raises
    ------
    ValueError
        If ``origin`` does not exist, or an archive holds unsafe members.
    RuntimeError
        If ``origin`` is a file that is neither a zip nor a tar file.
    KeyError
        For an unknown type in a string schema.
    StatepointParsingError
        If a derived state point disagrees with a manifest, or two
        directories map to one job.
    DestinationExistsError
        If a job to import exists in ``project`` (nothing is copied then).
    """
    if origin is None:
        origin = os.getcwd()
    origin = os.fspath(origin)
    if schema is not None and isinstance(schema, str):
        _schema_from_string(schema)  # unknown types fail before anything is read
    if os.path.isdir(origin):
        yield from _import_directory(origin, project, schema, copytree)
    elif os.path.isfile(origin):
        if zipfile.is_zipfile(origin):
            with zipfile.ZipFile(origin) as zip_handle:
                yield from _import_archive(Archive(origin, zip_handle), project, schema)
        elif tarfile.is_tarfile(origin):
            with tarfile.open(origin) as tar_handle:
                yield from _import_archive(Archive(origin, tar_handle), project, schema)
        else:
            raise RuntimeError(f"Unknown file type: '{origin}'.")
    else:
        raise ValueError(f"Unable to import from '{origin}'. Does the origin exist?")


__all__ = [
    "export_jobs",
    "export_to_directory",
    "export_to_tarfile",
    "export_to_zipfile",
    "import_into_project",
    "_SchemaPathEvaluationError",
]
