"""File-system helpers of the data-movement modules: directories and atomic copies.

:func:`copy_atomic` is the one place that publishes a copied file: it copies to
a hidden temporary name in the destination directory and renames it over the
destination, so a reader (or an interrupted copy) never sees a half-written
file. ``synced_collections``' atomic writer takes the whole contents as one
blob (and ``fsync``-s it), which suits small JSON files, not streaming job data
of any size; this helper streams with :func:`shutil.copyfile` instead.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from typing import Any

#: Every temporary name made here ends in this suffix (and starts with a dot).
TMP_SUFFIX = ".signac-tmp"


def _mkdir_p(path: str) -> None:
    """Make a directory and its parents; do nothing if it exists (signac 1.7's ``_mkdir_p``).

    Parameters
    ----------
    path : str
        The directory.
    """
    if os.path.isdir(path):
        return
    os.makedirs(path, exist_ok=True)


def tmp_name(path: str) -> str:
    """Return the deterministic hidden temporary name used to publish ``path``.

    A copy interrupted by a crash leaves this name behind; the next copy to the
    same destination removes it first.
    """
    head, tail = os.path.split(path)
    return os.path.join(head, f".{tail}{TMP_SUFFIX}")


def is_tmp_name(name: str) -> bool:
    """Return True for a name made by :func:`tmp_name`."""
    return name.startswith(".") and name.endswith(TMP_SUFFIX)


def remove_path(path: str) -> None:
    """Remove a file, link or directory tree if it exists."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def copy_atomic(
    src: str,
    dst: str,
    copy: Callable[[str, str], Any] = shutil.copyfile,
    follow_symlinks: bool = True,
) -> None:
    """Copy the file ``src`` to ``dst`` through a temporary name and an atomic rename.

    Parameters
    ----------
    src, dst : str
        Source and destination file.
    copy : callable
        ``copy(src, tmp)`` writes the temporary file (Default value =
        :func:`shutil.copyfile`; :func:`shutil.copy2` keeps metadata).
    follow_symlinks : bool
        Copy the target of a symbolic link (True) or the link itself (False).
    """
    tmp = tmp_name(dst)
    remove_path(tmp)
    try:
        if not follow_symlinks and os.path.islink(src):
            os.symlink(os.readlink(src), tmp)
        else:
            copy(src, tmp)
        os.replace(tmp, dst)
    except BaseException:
        try:
            remove_path(tmp)
        except OSError:
            pass
        raise


def copytree_atomic(
    src: str, dst: str, copy_file: Callable[[str, str], Any], ignore: Any = None
) -> None:
    """Copy the directory ``src`` to a hidden name next to ``dst``, then rename it to ``dst``.

    Parameters
    ----------
    src, dst : str
        Source directory and (absent) destination directory.
    copy_file : callable
        ``copy_file(src_file, dst_file)`` copies one file.
    ignore : callable, optional
        As for :func:`shutil.copytree` (Default value = None).

    Raises
    ------
    FileExistsError
        If ``dst`` exists.
    """
    if os.path.lexists(dst):
        raise FileExistsError(17, "File exists", dst)
    tmp = tmp_name(dst)
    remove_path(tmp)
    try:
        shutil.copytree(src, tmp, copy_function=copy_file, ignore=ignore)
        os.rename(tmp, dst)  # a directory rename never replaces a non-empty directory
    except BaseException:
        try:
            remove_path(tmp)
        except OSError:
            pass
        raise
