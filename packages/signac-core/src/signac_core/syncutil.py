"""Utilities of the sync engine: proxies that implement dry runs, statistics and backups.

The signac 1.7 module ``signac.syncutil``. :class:`_FileModifyProxy` performs
every file modification of a synchronization; each file it copies is written
to a hidden temporary name and renamed into place (:mod:`._fsutil`), so an
interrupted sync never leaves a half-copied file, and re-running it finishes
the work.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import warnings
from collections import namedtuple
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from copy import deepcopy
from filecmp import dircmp
from typing import Any

from ._fsutil import copy_atomic, copytree_atomic, is_tmp_name, remove_path
from .warnings import DeprecatedWarning

logger = logging.getLogger(__name__)


class dircmp_deep(dircmp):  # type: ignore[type-arg]
    """A :class:`filecmp.dircmp` that compares the contents of every common file.

    (The plain ``dircmp`` trusts equal size and modification time.)
    """

    def phase3(self) -> None:
        """Find the differences between the common files, by their contents."""
        import filecmp

        self.same_files, self.diff_files, self.funny_files = filecmp.cmpfiles(
            self.left, self.right, self.common_files, shallow=False
        )

    methodmap = dict(dircmp.methodmap)  # type: ignore[attr-defined]
    methodmap.update(same_files=phase3, diff_files=phase3, funny_files=phase3)  # type: ignore[arg-type]


class FileTransferStats(namedtuple("FileTransferStats", ["num_files", "volume"])):
    """The number of files and the bytes a synchronization copied."""

    def __add__(self, other: Any) -> FileTransferStats:
        return type(self)(self.num_files + other[0], self.volume + other[1])


class _DocProxy(MutableMapping):  # type: ignore[type-arg]
    """A mapping proxy for document modifications; writes are dropped in a dry run.

    Parameters
    ----------
    doc : MutableMapping
        The document.
    dry_run : bool
        Drop all writes (Default value = False).
    """

    def __init__(self, doc: MutableMapping[str, Any], dry_run: bool = False):
        self.doc = doc
        self.dry_run = dry_run

    def __str__(self) -> str:
        return f"{type(self).__name__}({self.doc})"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.doc!r})"

    def __getitem__(self, key: str) -> Any:
        return self.doc[key]

    def __setitem__(self, key: str, value: Any) -> None:
        logger.debug("Set '%s'='%s'.", key, value)
        if not self.dry_run:
            self.doc[key] = value

    def __delitem__(self, key: str) -> None:
        logger.debug("Delete '%s'.", key)
        if not self.dry_run:
            del self.doc[key]

    def keys(self) -> Any:
        return self.doc.keys()

    def clear(self) -> None:
        if not self.dry_run:
            self.doc.clear()

    def update(self, other: Any = (), **kwargs: Any) -> None:  # type: ignore[override]
        items = dict(other, **kwargs)
        for key, value in items.items():
            self[key] = value

    def __iter__(self) -> Iterator[str]:
        return iter(self.doc)

    def __contains__(self, key: object) -> bool:
        return key in self.doc

    def __eq__(self, other: object) -> bool:
        return bool(self.doc == other)

    __hash__ = None  # type: ignore[assignment]

    def __len__(self) -> int:
        return len(self.doc)


class _FileModifyProxy:
    """Perform (or, in a dry run, print) the file modifications of a synchronization.

    Parameters
    ----------
    root : str, optional
        Paths are printed relative to this directory in a dry run (Default value = None).
    follow_symlinks : bool
        Copy the targets of symbolic links, not the links (Default value = True).
    permissions, times, owner, group : bool
        Preserve these file attributes; ``times`` requires ``permissions``
        (Default value = False).
    dry_run : bool
        Change nothing, print each file that would be copied (Default value = False).
    collect_stats : bool
        Count the copied files and bytes in :attr:`stats` (Default value = False).

    Raises
    ------
    ValueError
        If ``times`` is requested without ``permissions``.
    """

    def __init__(
        self,
        root: str | None = None,
        follow_symlinks: bool = True,
        permissions: bool = False,
        times: bool = False,
        owner: bool = False,
        group: bool = False,
        dry_run: bool = False,
        collect_stats: bool = False,
    ):
        if times and not permissions:
            raise ValueError(
                "Preservation of times requires preservation of permissions: "
                "use permissions=True (the -p option) together with times=True (-t)."
            )
        self.root = root
        self.follow_symlinks = follow_symlinks
        self.permissions = permissions
        self.times = times
        self.owner = owner
        self.group = group
        self.dry_run = dry_run
        self.stats: dict[str, int] | None = dict(num_files=0, volume=0) if collect_stats else None
        self._lock = threading.Lock()

    def _write(self, src: str, tmp: str) -> None:
        """Write the temporary copy of one file, with the attributes to preserve."""
        if self.times:
            shutil.copy2(src, tmp, follow_symlinks=self.follow_symlinks)
        elif self.permissions:
            shutil.copy(src, tmp, follow_symlinks=self.follow_symlinks)
        else:
            shutil.copyfile(src, tmp, follow_symlinks=self.follow_symlinks)
        if self.owner or self.group:
            st = os.stat(src, follow_symlinks=self.follow_symlinks)
            os.chown(
                tmp,
                st.st_uid if self.owner else -1,
                st.st_gid if self.group else -1,
                follow_symlinks=self.follow_symlinks,
            )

    def _count(self, src: str) -> None:
        if self.stats is not None:
            size = os.stat(src, follow_symlinks=self.follow_symlinks).st_size
            with self._lock:
                self.stats["num_files"] += 1
                self.stats["volume"] += size

    def copy(self, src: str, dst: str) -> None:
        """Copy the file ``src`` to ``dst`` (through a temporary name and a rename)."""
        if self.dry_run:
            print(os.path.relpath(src, self.root) if self.root else src)
        else:
            logger.debug("Copy '%s' to '%s'.", src, dst)
            copy_atomic(src, dst, self._write, follow_symlinks=self.follow_symlinks)
        self._count(src)

    def copytree(self, src: str, dst: str, ignore: Any = None, **kwargs: Any) -> None:
        """Copy the directory ``src`` to the absent ``dst`` (built under a hidden name).

        ``ignore`` is as for :func:`shutil.copytree`.

        Raises
        ------
        FileExistsError
            If ``dst`` exists (also in a dry run).
        """
        if os.path.lexists(dst):
            raise FileExistsError(17, os.strerror(17), dst)
        if self.dry_run:
            for root, dirs, files in os.walk(src):
                skip = set(ignore(root, dirs + files)) if ignore else set()
                dirs[:] = [d for d in sorted(dirs) if not is_tmp_name(d) and d not in skip]
                for fn in sorted(files):
                    if not is_tmp_name(fn) and fn not in skip:
                        self.copy(os.path.join(root, fn), "")
            return
        logger.debug("Copy tree '%s' to '%s'.", src, dst)

        def copy_file(file_src: str, file_dst: str) -> None:
            if not self.follow_symlinks and os.path.islink(file_src):
                os.symlink(os.readlink(file_src), file_dst)
            else:
                self._write(file_src, file_dst)
            self._count(file_src)

        copytree_atomic(src, dst, copy_file, ignore)

    def remove(self, path: str) -> None:
        """Remove a file, link or directory tree (nothing in a dry run)."""
        if self.dry_run:
            return
        logger.debug("Remove '%s'.", path)
        remove_path(path)

    @contextmanager
    def create_backup(self, path: str) -> Iterator[str]:
        """Keep a backup of ``path`` at ``path + "~"`` while the block runs.

        The backup is restored if the block raises and removed afterwards.

        Raises
        ------
        RuntimeError
            If the backup file exists already.
        """
        backup = path + "~"
        if os.path.lexists(backup):
            raise RuntimeError(f"Failed to create backup, file already exists: '{backup}'.")
        if self.dry_run:
            yield backup
            return
        shutil.copy2(path, backup)
        try:
            yield backup
        except BaseException:
            # 1.7 logs restores below INFO: a failed sync prints only its error.
            logger.debug("Error during sync, restoring backup of '%s'.", path)
            copy_atomic(backup, path, shutil.copy2)
            raise
        finally:
            remove_path(backup)

    @contextmanager
    def create_doc_backup(self, doc: MutableMapping[str, Any]) -> Iterator[_DocProxy]:
        """Yield a :class:`_DocProxy` of ``doc``; restore ``doc`` if the block raises."""
        proxy = _DocProxy(doc, dry_run=self.dry_run)
        backup = deepcopy(_plain(doc))
        try:
            yield proxy
        except BaseException:
            if not self.dry_run:
                logger.debug("Error during sync, restoring the document.")
                doc.clear()
                doc.update(backup)
            raise


def _plain(doc: Any) -> Any:
    """Return a plain copy of a (synced or plain) mapping (synced collections do when called)."""
    return doc() if callable(doc) else dict(doc)


#: The warning of signac 1.7's deprecated ``copytree`` (``deprecation.deprecated``'s wording).
_COPYTREE_DEPRECATED = (
    "copytree is deprecated as of 1.6.0 and will be removed in 2.0.0. Use shutil.copytree instead."
)


def copytree(src: str, dst: str, copy_function: Any = shutil.copy2, symlinks: bool = False) -> None:
    """Copy a directory tree (signac 1.7's deprecated ``syncutil.copytree``).

    .. deprecated:: 1.6.0
       This will be removed in 2.0.0. Use :func:`shutil.copytree` instead.

    Warns
    -----
    DeprecatedWarning
        Always (at the caller), with signac 1.7's message.
    """
    warnings.warn(_COPYTREE_DEPRECATED, DeprecatedWarning, stacklevel=2)
    shutil.copytree(src, dst, symlinks=symlinks, copy_function=copy_function)


__all__ = [
    "FileTransferStats",
    "_DocProxy",
    "_FileModifyProxy",
    "copytree",
    "dircmp",
    "dircmp_deep",
]
