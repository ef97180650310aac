"""Synchronization of jobs and projects (the signac 1.7 module ``signac.sync``).

Jobs are synchronized by copying the files of the source job that the
destination lacks and resolving conflicts (files that differ) with a
*strategy* from :class:`FileSync` (or any ``strategy(src, dst, path)``
callable). Documents are merged by a *doc sync* function from
:class:`DocSync`; the default, :class:`DocSync.ByKey`, never overwrites a value.
Projects are synchronized job by job: a job missing in the destination is
cloned. Nothing is ever deleted.

Each job's conflicts are found before anything of that job is written, and every
file is written to a temporary name and renamed into place: an interrupted sync
leaves no half-copied file, and running it again finishes the work.
"""

from __future__ import annotations

import errno
import logging
import os
import pickle
import re
import shutil
import warnings
from collections.abc import Callable, Iterable, Mapping
from copy import deepcopy
from typing import Any

from ._fsutil import copytree_atomic, is_tmp_name
from ._progress import progress
from ._workspace import FN_MANIFEST
from .errors import (
    DestinationExistsError,
    DocumentSyncConflict,
    FileSyncConflict,
    SchemaSyncConflict,
)
from .syncutil import (
    _COPYTREE_DEPRECATED,
    FileTransferStats,
    _DocProxy,
    _FileModifyProxy,
    dircmp,
    dircmp_deep,
)
from .warnings import DeprecatedWarning

#: signac 1.7's name of this logger (``INFO:sync:...`` on the command line).
logger = logging.getLogger("sync")


def _warn_deprecated_copytree() -> None:
    """Warn as signac 1.7 did when its job synchronization began.

    1.7 synchronized (and first tried to clone) each job through its own
    deprecated ``syncutil.copytree``, so every sync of jobs showed that
    function's :class:`~signac_core.warnings.DeprecatedWarning`. It is issued
    from this one line through :mod:`warnings`: Python's default filter shows
    it once per process, and user filters apply.
    """
    warnings.warn(_COPYTREE_DEPRECATED, DeprecatedWarning, stacklevel=1)


def _ask_yes_no(question: str) -> bool:
    while True:
        answer = input(f"{question} [y/N] ").strip().lower()
        if answer in ("", "n", "no"):
            return False
        if answer in ("y", "yes"):
            return True


class FileSync:
    """Collection of file synchronization strategies.

    A strategy is called as ``strategy(src, dst, path)`` with the source and
    destination jobs and the path of the conflicting file relative to the job
    workspace; it returns True to overwrite the destination file.
    """

    @staticmethod
    def always(src: Any, dst: Any, fn: str) -> bool:
        """Resolve sync conflicts by always overwriting."""
        return True

    @staticmethod
    def never(src: Any, dst: Any, fn: str) -> bool:
        """Resolve sync conflicts by never overwriting."""
        return False

    @staticmethod
    def update(src: Any, dst: Any, fn: str) -> bool:
        """Resolve sync conflicts based on newest modified timestamp."""
        return os.path.getmtime(src.fn(fn)) > os.path.getmtime(dst.fn(fn))

    class Ask:
        """Resolve sync conflicts by asking whether a file should be overwritten interactively.

        The answer for a file name is remembered for the rest of the sync.
        """

        def __init__(self) -> None:
            self.yes: set[str] = set()
            self.no: set[str] = set()

        def __call__(self, src: Any, dst: Any, fn: str) -> bool:
            """Return whether to overwrite ``fn`` (asking once per file name)."""
            if fn in self.yes:
                return True
            if fn in self.no:
                return False
            overwrite = _ask_yes_no(f"Overwrite files named '{fn}'?")
            (self.yes if overwrite else self.no).add(fn)
            return overwrite

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        """Return keys."""
        return ("always", "never", "update", "Ask")


class DocSync:
    """Collection of document synchronization functions.

    A doc sync function is called as ``doc_sync(src_document, dst_document)``.
    """

    #: Do not synchronize documents.
    NO_SYNC = False
    #: Copy (and potentially overwrite) documents like any other file.
    COPY = "copy"

    @staticmethod
    def update(src: Mapping[str, Any], dst: Any) -> None:
        """Perform a simple update."""
        for key in src:
            dst[key] = src[key]

    class ByKey:
        """Synchronize documents key by key.

        Equal values are skipped, mappings are merged recursively, and keys only
        in the destination stay. A conflicting key is named by its parent and
        itself (``nested.a``); it is overwritten only if ``key_strategy``
        accepts that name: a string is a regular expression matched with
        :func:`re.match`, a callable returns a bool. Without a key strategy any
        conflict raises :class:`~signac_core.errors.DocumentSyncConflict` and
        the destination is left as it was.

        Parameters
        ----------
        key_strategy : str or callable, optional
            Decides which conflicting keys are overwritten (Default value = None).
        """

        def __init__(self, key_strategy: str | Callable[[str], bool] | None = None):
            self.key_strategy = key_strategy

        def __str__(self) -> str:
            return f"{type(self).__name__}({self.key_strategy})"

        def _accepts(self, name: str) -> bool:
            if isinstance(self.key_strategy, str):
                return re.match(self.key_strategy, name) is not None
            return bool(self.key_strategy(name))  # type: ignore[misc]

        def _merge(
            self, src: Mapping[str, Any], dst: dict[str, Any], parent: str, conflicts: list[str]
        ) -> bool:
            """Merge ``src`` into the plain ``dst`` in place; return True if ``dst`` changed."""
            changed = False
            for key, value in src.items():
                if key in dst:
                    current = dst[key]
                    if current == value:
                        continue
                    if isinstance(value, Mapping) and isinstance(current, dict):
                        changed |= self._merge(value, current, key, conflicts)
                        continue
                    name = f"{parent}.{key}" if parent else key
                    if self.key_strategy is None:
                        conflicts.append(name)
                        continue
                    if not self._accepts(name):
                        logger.debug("Skip key '%s'.", name)
                        continue
                dst[key] = deepcopy(_plain(value))
                changed = True
            return changed

        def __call__(self, src: Mapping[str, Any], dst: Any) -> None:
            """Merge ``src`` into ``dst`` (raising conflicts before anything is written)."""
            if src == dst:
                return
            conflicts: list[str] = []
            writes = {}
            for key, value in _plain(src).items():
                merged = {key: deepcopy(_plain(dst[key]))} if key in dst else {}
                if self._merge({key: value}, merged, "", conflicts):
                    writes[key] = merged[key]
            if conflicts:  # found before anything is written
                raise DocumentSyncConflict(conflicts)
            for key, value in writes.items():
                dst[key] = value


def _plain(value: Any) -> Any:
    """Plain data of a synced collection (they return a copy when called), else the value."""
    if isinstance(value, _DocProxy):
        value = value.doc
    return value() if callable(value) and not isinstance(value, type) else value


def _patterns(exclude: str | Iterable[str] | None) -> list[str]:
    if exclude is None:
        return []
    if isinstance(exclude, str):
        return [exclude]
    return list(exclude)


def _excluded(name: str, patterns: list[str]) -> bool:
    return is_tmp_name(name) or any(re.match(p, name) for p in patterns)


def _same(a: str, b: str) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def _plan_files(
    src: Any, dst: Any, subdir: str, options: dict[str, Any], plan: list[tuple[str, str, str]]
) -> None:
    """Collect ``(kind, src path, dst path)`` for one directory of a job (raising conflicts)."""
    src_dir = os.path.join(src.workspace(), subdir)
    dst_dir = os.path.join(dst.workspace(), subdir)
    diff = (dircmp_deep if options["deep"] else dircmp)(src_dir, dst_dir)
    patterns = options["exclude"]
    copy_document = options["doc_sync"] == DocSync.COPY
    special = {FN_MANIFEST} if subdir else {FN_MANIFEST, src.FN_DOCUMENT}
    if copy_document and not subdir:
        special = {FN_MANIFEST}
    for fn in sorted(diff.left_only):
        if fn in special or _excluded(fn, patterns):
            continue
        fn_src, fn_dst = os.path.join(src_dir, fn), os.path.join(dst_dir, fn)
        if os.path.isdir(fn_src):
            if options["recursive"]:
                plan.append(("tree", fn_src, fn_dst))
            else:
                logger.warning("Skip directory '%s' (not a recursive sync).", fn_src)
        else:
            plan.append(("file", fn_src, fn_dst))
    for fn in sorted(diff.diff_files):
        if fn in special or _excluded(fn, patterns):
            continue
        path = os.path.join(subdir, fn)
        strategy = options["strategy"]
        if strategy is None:
            raise FileSyncConflict(fn)
        if strategy(src, dst, path):
            plan.append(("file", os.path.join(src_dir, fn), os.path.join(dst_dir, fn)))
        else:
            logger.debug("Skip file '%s'.", path)
    for fn in sorted(diff.common_funny + diff.funny_files):
        logger.warning("Skip '%s': it is a file on one side and a directory on the other.", fn)
    if options["recursive"]:
        for name in sorted(diff.common_dirs):
            if not _excluded(name, patterns):
                _plan_files(src, dst, os.path.join(subdir, name), options, plan)


def _sync_document(src: Any, dst: Any, doc_sync: Any, proxy: _FileModifyProxy) -> None:
    if doc_sync is DocSync.NO_SYNC or doc_sync == DocSync.COPY:
        return
    builtin = isinstance(doc_sync, DocSync.ByKey) or doc_sync is DocSync.update
    if builtin and not os.path.exists(src.fn(src.FN_DOCUMENT)):
        return  # an empty source document changes nothing
    with proxy.create_doc_backup(dst.document) as dst_proxy:
        doc_sync(src.document, dst_proxy)


def _sync_job(
    src: Any, dst: Any, options: dict[str, Any], proxy: _FileModifyProxy, check: bool = True
) -> None:
    # (sync_projects has compared the two workspaces once: check=False)
    if check and (src == dst or _same(src.workspace(), dst.workspace())):
        raise ValueError("Source and destination can't be the same!")
    if not os.path.isdir(src.workspace()):
        logger.debug("Source job '%s' is not initialized: nothing to sync.", src)
        return
    if not os.path.isdir(dst.workspace()) and not proxy.dry_run:
        dst.init()
    plan: list[tuple[str, str, str]] = []
    if os.path.isdir(dst.workspace()):
        _plan_files(src, dst, "", options, plan)
    else:  # a dry run to a job that does not exist yet
        proxy.copytree(src.workspace(), dst.workspace())
        return
    _sync_document(src, dst, options["doc_sync"], proxy)
    patterns = options["exclude"]

    def ignore(directory: str, names: list[str]) -> list[str]:
        return [name for name in names if _excluded(name, patterns)]

    for kind, fn_src, fn_dst in plan:
        if kind == "tree":
            proxy.copytree(fn_src, fn_dst, ignore=ignore)
        else:
            proxy.copy(fn_src, fn_dst)


def _options(
    strategy: Any, exclude: Any, doc_sync: Any, recursive: bool, deep: bool
) -> dict[str, Any]:
    return dict(
        strategy=strategy,
        exclude=_patterns(exclude),
        doc_sync=DocSync.ByKey() if doc_sync is None else doc_sync,
        recursive=recursive,
        deep=deep,
    )


def sync_jobs(
    src: Any,
    dst: Any,
    strategy: Callable[[Any, Any, str], bool] | None = None,
    exclude: str | Iterable[str] | None = None,
    doc_sync: Any = None,
    recursive: bool = False,
    follow_symlinks: bool = True,
    preserve_permissions: bool = False,
    preserve_times: bool = False,
    preserve_owner: bool = False,
    preserve_group: bool = False,
    deep: bool = False,
    dry_run: bool = False,
) -> None:
    """Synchronize the dst job with the src job.

    Files only in ``src`` are copied (directories only if ``recursive``); a
    file that differs is a conflict, resolved by ``strategy`` or raised as
    :class:`~signac_core.errors.FileSyncConflict` before anything of the job is
    written. The state point manifest is never synced; the job document is
    synced by ``doc_sync`` (or copied like a file with :attr:`DocSync.COPY`).

    Parameters
    ----------
    src : Job
        The src job, data will be copied from this job's workspace.
    dst : Job
        The dst job, data will be copied to this job's workspace (it is
        initialized if needed).
    strategy : callable, optional
        ``strategy(src, dst, path)`` decides whether to overwrite a differing
        file; ``path`` is relative to the job workspace (Default value = None).
    exclude : str or list of str, optional
        Regular expressions matched with :func:`re.match` against the bare name
        of each file and directory; matches are skipped (Default value = None).
    doc_sync : callable, DocSync.NO_SYNC or DocSync.COPY, optional
        The document synchronization (Default value = None: ``DocSync.ByKey()``).
    recursive : bool
        Synchronize subdirectories too (Default value = False).
    follow_symlinks : bool
        Copy the targets of symbolic links (Default value = True).
    preserve_permissions, preserve_times, preserve_owner, preserve_group : bool
        Preserve these file attributes (Default value = False).
    deep : bool
        Compare the contents of files with equal size and modification time
        (Default value = False).
    dry_run : bool
        Change nothing; print each file that would be copied (Default value = False).

    Raises
    ------
    ValueError
        If both jobs have the same workspace.
    FileSyncConflict
        If a file differs and no strategy is given.
    DocumentSyncConflict
        If the documents conflict and the doc sync cannot resolve it.

    Warns
    -----
    DeprecatedWarning
        signac 1.7's warning of its deprecated ``syncutil.copytree``, which its
        job synchronization went through (shown once per process by default
        where deprecation warnings are shown, e.g. on the command line).
    """
    proxy = _FileModifyProxy(
        root=src.workspace(),
        follow_symlinks=follow_symlinks,
        permissions=preserve_permissions,
        times=preserve_times,
        owner=preserve_owner,
        group=preserve_group,
        dry_run=dry_run,
    )
    _warn_deprecated_copytree()
    _sync_job(src, dst, _options(strategy, exclude, doc_sync, recursive, deep), proxy)


# -- projects -------------------------------------------------------------------------------
def clone_job(project: Any, job: Any, copytree: Callable[[str, str], Any] | None = None) -> Any:
    """Copy ``job`` into ``project`` (backs :meth:`Project.clone`).

    Parameters
    ----------
    project : Project
        The destination project.
    job : Job
        The job to copy.
    copytree : callable, optional
        ``copytree(src, dst)`` (Default value = a copy built under a hidden
        name and published by a rename).

    Returns
    -------
    Job
        The new job.

    Raises
    ------
    DestinationExistsError
        If the job exists in ``project`` (``.destination`` is that job).
    ValueError
        If ``job`` is not initialized.
    """
    dst = project.open_job(job._plain_statepoint())
    if not os.path.isdir(job.workspace()):
        raise ValueError(f"The source job '{job}' is not initialized.")
    if dst in project:
        raise DestinationExistsError(dst)
    os.makedirs(project.workspace(), exist_ok=True)
    try:
        if copytree is None:
            copytree_atomic(job.workspace(), dst.workspace(), shutil.copy2)
        else:
            copytree(job.workspace(), dst.workspace())
    except OSError as error:
        if error.errno in (errno.EEXIST, errno.ENOTEMPTY):
            raise DestinationExistsError(dst) from error
        raise
    dst.init()
    project._workspace_changed()
    return dst


def _clone_or_sync(
    src_job: Any, destination: Any, options: dict[str, Any], proxy: _FileModifyProxy
) -> bool:
    """Clone ``src_job`` into ``destination`` or sync it with its copy there: True if cloned."""
    dst_job = destination.open_job(src_job._plain_statepoint())
    if src_job.id not in destination:
        try:
            proxy.copytree(src_job.workspace(), dst_job.workspace())
        except FileExistsError:
            pass  # made in the meantime: sync it below
        else:
            if not proxy.dry_run:
                dst_job.init()
                destination._workspace_changed()
            logger.debug("Cloned job '%s'.", src_job)
            return True
    _sync_job(src_job, dst_job, options, proxy, check=False)
    logger.debug("Synchronized job '%s'.", src_job)
    return False


def _selected_jobs(source: Any, selection: Any) -> list[Any]:
    if selection is None:
        return list(source)
    from ._job import Job

    jobs = []
    for item in selection:
        job_id = item.id if isinstance(item, Job) else str(item)
        try:
            jobs.append(source.open_job(id=job_id))
        except KeyError:
            logger.debug("Skip job '%s': it is not in the source project.", job_id)
    return jobs


def _sync_project_document(
    source: Any, destination: Any, options: dict[str, Any], proxy: _FileModifyProxy
) -> None:
    doc_sync = options["doc_sync"]
    if doc_sync == DocSync.COPY:
        fn_src = source.fn(source.FN_DOCUMENT)
        fn_dst = destination.fn(destination.FN_DOCUMENT)
        if not os.path.exists(fn_src):
            return
        if os.path.exists(fn_dst):
            with open(fn_src, "rb") as a, open(fn_dst, "rb") as b:
                if a.read() == b.read():
                    return
            strategy = options["strategy"]
            if strategy is None:
                raise FileSyncConflict(source.FN_DOCUMENT)
            if not strategy(source, destination, source.FN_DOCUMENT):
                return
        proxy.copy(fn_src, fn_dst)
    else:
        _sync_document(source, destination, doc_sync, proxy)


def _proxy_settings(proxy: _FileModifyProxy) -> dict[str, Any]:
    return dict(
        root=proxy.root,
        follow_symlinks=proxy.follow_symlinks,
        permissions=proxy.permissions,
        times=proxy.times,
        owner=proxy.owner,
        group=proxy.group,
        dry_run=proxy.dry_run,
        collect_stats=proxy.stats is not None,
    )


def _sync_chunk(
    source: Any, destination: Any, ids: list[str], options: dict[str, Any], settings: dict[str, Any]
) -> tuple[Any, ...]:
    """Worker of a parallel sync (a child process): ``("ok", files, bytes, cloned)`` or a conflict."""
    proxy = _FileModifyProxy(**settings)
    cloned = 0
    try:
        for job_id in ids:
            cloned += _clone_or_sync(source.open_job(id=job_id), destination, options, proxy)
    except FileSyncConflict as error:  # their args do not round-trip through pickle
        return ("file", error.filename)
    except DocumentSyncConflict as error:
        return ("doc", sorted(error.keys))
    stats = proxy.stats or {"num_files": 0, "volume": 0}
    return ("ok", stats["num_files"], stats["volume"], cloned)


def _sync_parallel(
    source: Any,
    destination: Any,
    jobs: list[Any],
    options: dict[str, Any],
    proxy: _FileModifyProxy,
    workers: int | None,
) -> int:
    """Synchronize ``jobs`` with ``workers`` threads or processes; return the number cloned."""
    import concurrent.futures
    import multiprocessing

    workers = workers or os.cpu_count() or 1
    try:
        pickle.dumps(options)
        use_processes = not proxy.dry_run and "fork" in multiprocessing.get_all_start_methods()
    except Exception:  # a strategy that cannot go to another process
        use_processes = False
    if not use_processes:
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            futures = [pool.submit(_clone_or_sync, j, destination, options, proxy) for j in jobs]
            return sum(f.result() for f in progress(futures, total=len(futures), desc="Sync"))
    ids = [job.id for job in jobs]
    size = max(1, min(500, len(ids) // (workers * 4) or 1))
    chunks = [ids[i : i + size] for i in range(0, len(ids), size)]
    settings = _proxy_settings(proxy)
    # fork: no re-import of the caller's __main__ (scripts need no main guard), and the
    # workers are forked before the executor starts its threads.
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending = [
            pool.submit(_sync_chunk, source, destination, chunk, options, settings)
            for chunk in chunks
        ]
        results = [f.result() for f in progress(pending, total=len(pending), desc="Sync")]
    destination._workspace_changed()
    cloned = 0
    for result in results:
        if result[0] == "file":
            raise FileSyncConflict(result[1])
        if result[0] == "doc":
            raise DocumentSyncConflict(result[1])
        if proxy.stats is not None:
            proxy.stats["num_files"] += result[1]
            proxy.stats["volume"] += result[2]
        cloned += result[3]
    return cloned


def sync_projects(
    source: Any,
    destination: Any,
    strategy: Callable[[Any, Any, str], bool] | None = None,
    exclude: str | Iterable[str] | None = None,
    doc_sync: Any = None,
    selection: Any = None,
    check_schema: bool = True,
    recursive: bool = False,
    follow_symlinks: bool = True,
    preserve_permissions: bool = False,
    preserve_times: bool = False,
    preserve_owner: bool = False,
    preserve_group: bool = False,
    deep: bool = False,
    dry_run: bool = False,
    parallel: bool | int = False,
    collect_stats: bool = False,
) -> FileTransferStats | None:
    """Synchronize the destination project with the source project.

    The project document is synchronized first; then every selected job of
    the source is cloned into the destination, or, if it exists there,
    synchronized with :func:`sync_jobs`. Nothing is ever deleted.

    Parameters
    ----------
    source : Project
        The project presenting the source for synchronization.
    destination : Project
        The project that is modified for synchronization.
    strategy, exclude, doc_sync, recursive, follow_symlinks, deep, dry_run
        As for :func:`sync_jobs` (a file strategy for the project document is
        called with the two projects).
    selection : Project, JobsCursor, or iterable of Job or job ids, optional
        Only synchronize these jobs (ids of jobs missing in the source are
        skipped) (Default value = None).
    check_schema : bool
        Refuse to synchronize projects whose (non-empty) state point schemas
        differ in keys or values (Default value = True).
    preserve_permissions, preserve_times, preserve_owner, preserve_group : bool
        Preserve these file attributes (Default value = False).
    parallel : bool or int
        Synchronize jobs in parallel: True for one worker per CPU, or the
        number of workers. Worker processes are used when the strategies can
        be pickled (else threads) (Default value = False).
    collect_stats : bool
        Return the number of copied files and bytes (Default value = False).

    Returns
    -------
    FileTransferStats or None
        ``FileTransferStats(num_files, volume)`` if ``collect_stats``.

    Raises
    ------
    ValueError
        If source and destination are the same project.
    SchemaSyncConflict
        If ``check_schema`` and the schemas differ.
    FileSyncConflict, DocumentSyncConflict
        For conflicts no strategy resolves.

    Warns
    -----
    DeprecatedWarning
        As :func:`sync_jobs`, once, after the project document is synchronized
        and before the first job (not when no job is selected).

    Notes
    -----
    Progress is logged under signac 1.7's logger name ``sync`` at level INFO:
    ``Synchronizing project 'A' to 'B'.``, ``Performing dry run!``, one
    ``Project sync progress: i/N`` per job (serial syncs) and ``Cloned C and
    synchronized S job(s).``.
    """
    if source == destination or _same(source.workspace(), destination.workspace()):
        raise ValueError("Source and destination can't be the same!")
    proxy = _FileModifyProxy(
        root=source.workspace(),
        follow_symlinks=follow_symlinks,
        permissions=preserve_permissions,
        times=preserve_times,
        owner=preserve_owner,
        group=preserve_group,
        dry_run=dry_run,
        collect_stats=collect_stats,
    )
    if check_schema:
        schema_src = source.detect_schema()
        schema_dst = destination.detect_schema()
        if len(schema_src) and len(schema_dst) and schema_src != schema_dst:
            if schema_src.difference(schema_dst) or schema_dst.difference(schema_src):
                raise SchemaSyncConflict(schema_src, schema_dst)
    logger.info("Synchronizing project '%s' to '%s'.", source, destination)
    logger.debug("'%s' -> '%s'", source.root_directory(), destination.root_directory())
    if dry_run:
        logger.info("Performing dry run!")
    options = _options(strategy, exclude, doc_sync, recursive, deep)
    _sync_project_document(source, destination, options, proxy)
    jobs = _selected_jobs(source, selection)
    total = len(jobs)
    logger.debug("Synchronizing %d job(s).", total)
    if jobs:
        _warn_deprecated_copytree()
    if parallel and total > 1:
        workers = None if parallel is True else int(parallel)
        cloned = _sync_parallel(source, destination, jobs, options, proxy, workers)
    else:
        cloned = 0
        for i, src_job in enumerate(progress(jobs, total=total, desc="Sync"), 1):
            cloned += _clone_or_sync(src_job, destination, options, proxy)
            logger.info("Project sync progress: %d/%d", i, total)
    logger.info("Cloned %d and synchronized %d job(s).", cloned, total - cloned)
    if proxy.stats is not None:
        return FileTransferStats(**proxy.stats)
    return None


__all__ = [
    "DocSync",
    "FileSync",
    "FileTransferStats",
    "sync_jobs",
    "sync_projects",
    "_DocProxy",
    "_FileModifyProxy",
    "dircmp",
    "dircmp_deep",
]
