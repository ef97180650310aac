"""Fetching the files of index documents and exporting indexes (deprecated 1.x API).

An *index* (the target of an export) is any collection with
``replace_one(filter, doc, upsert=True)``, ``find(filter)`` and
``delete_one(filter)``: a :class:`signac.Collection` or a pymongo collection.
A *mirror* is a file store with ``new_file(_id=...)`` (a context manager
giving a binary file to write) and ``get(file_id, mode=...)``; it may name
the errors it raises as attributes ``FileExistsError``,
``FileNotFoundError`` and ``AutoRetry`` (errors worth another attempt).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from ._deprecation import deprecated_alias, warn_deprecated
from .errors import ExportError, FetchError

logger = logging.getLogger(__name__)


def _mirror_error(mirror: Any, name: str, default: Any) -> Any:
    """Return the error class a mirror names ``name`` (e.g. ``mirror.FileExistsError``)."""
    return getattr(mirror, name, default)


def _fetch(
    doc_or_id: Mapping[str, Any] | str,
    mode: str = "r",
    mirrors: Iterable[Any] | None = None,
    num_tries: int = 3,
    timeout: float = 60,
    ignore_local: bool = False,
) -> IO[Any]:
    """Fetch the file associated with an index document or file id.

    The local file (``root``/``filename`` of the document) is opened unless
    ``ignore_local``; when it does not exist, or for a bare file id, the
    mirrors are asked in turn, ``num_tries`` times, waiting ``timeout``
    seconds after a mirror's ``AutoRetry`` error.

    .. deprecated:: 1.3
       This will be removed in 2.0. The indexing module is deprecated.

    Parameters
    ----------
    doc_or_id : dict or str
        A document with ``root`` and ``filename`` (and ``file_id``), or a file id.
    mode : str
        The mode to open the file with (Default value = 'r').
    mirrors : iterable, optional
        Mirrors to fetch the file from (Default value = None).
    num_tries : int
        Attempts per mirror on ``AutoRetry`` errors (Default value = 3).
    timeout : float
        Seconds to wait before another attempt (Default value = 60).
    ignore_local : bool
        Do not look for the local file (Default value = False).

    Returns
    -------
    file-like
        The opened file.

    Raises
    ------
    ValueError
        When ``doc_or_id`` is None.
    FetchError
        When the document lacks ``root`` or ``filename``, or the file can be
        found neither locally nor on a mirror.
    """
    if doc_or_id is None:
        raise ValueError("Argument 'doc_or_id' must not be None!")
    if isinstance(doc_or_id, str):
        file_id: str | None = doc_or_id
    else:
        file_id = doc_or_id.get("file_id")
        if not ignore_local:
            try:
                path = os.path.join(doc_or_id["root"], doc_or_id["filename"])
            except KeyError:
                raise FetchError("Insufficient file meta data for fetch.", doc_or_id) from None
            try:
                return open(path, mode=mode)
            except FileNotFoundError:
                if file_id is None:
                    raise FetchError(f"Failed to fetch '{doc_or_id}'.") from None
    if mirrors is None:
        raise FetchError(f"No mirrors provided to fetch '{file_id}'.")
    mirrors = list(mirrors)
    for attempt in range(num_tries):
        retry = False
        for mirror in mirrors:
            try:
                return mirror.get(file_id, mode=mode)  # type: ignore[no-any-return]
            except _mirror_error(mirror, "AutoRetry", ()) as error:
                logger.warning("Fetching '%s' from mirror '%s': %s", file_id, mirror, error)
                retry = True
            except _mirror_error(mirror, "FileNotFoundError", FileNotFoundError) as error:
                logger.debug("'%s' is not on mirror '%s': %s", file_id, mirror, error)
        if not retry:
            break
        if attempt + 1 < num_tries:
            time.sleep(timeout)
    raise FetchError(f"Unable to fetch object for '{file_id}'.")


fetch = deprecated_alias(_fetch, "fetch")


def fetched(docs: Iterable[Mapping[str, Any]]) -> Iterator[tuple[Mapping[str, Any], IO[Any]]]:
    """Yield ``(doc, file)`` for every document with a ``file_id``.

    .. deprecated:: 1.3
       This will be removed in 2.0. The indexing module is deprecated.

    Parameters
    ----------
    docs : iterable of dict
        Index documents.

    Returns
    -------
    iterator of tuple
        Each document with a ``file_id`` and its opened file (see :func:`fetch`).
    """
    warn_deprecated("fetched")
    return ((doc, _fetch(doc)) for doc in docs if "file_id" in doc)


def _export_to_mirror(
    doc: Mapping[str, Any], mirror: Any, num_tries: int = 3, timeout: float = 60
) -> str:
    """Export the file associated with a document to a mirror.

    The file is written through ``mirror.new_file(_id=file_id)``; a file that
    the mirror already has (its ``FileExistsError``) is skipped.

    .. deprecated:: 1.3
       This will be removed in 2.0. The indexing module is deprecated.

    Parameters
    ----------
    doc : dict
        A document with a ``file_id`` (and ``root``/``filename`` to read it from).
    mirror : object
        The file store to export the file to.
    num_tries : int
        Attempts on the mirror's ``AutoRetry`` errors (Default value = 3).
    timeout : float
        Seconds to wait before another attempt (Default value = 60).

    Returns
    -------
    str
        The file id.

    Raises
    ------
    ExportError
        When the document has no ``file_id`` or all attempts failed.
    """
    if "file_id" not in doc:
        raise ExportError(f"Doc '{doc}' does not have a file_id entry.")
    file_id = doc["file_id"]
    for attempt in range(num_tries):
        try:
            with _fetch(doc, mode="rb") as file, mirror.new_file(_id=file_id) as dst:
                dst.write(file.read())
        except _mirror_error(mirror, "FileExistsError", FileExistsError):
            logger.debug("File with id '%s' already exported, skipping.", file_id)
            return str(file_id)
        except _mirror_error(mirror, "AutoRetry", ()) as error:
            logger.warning("Error during export: '%s', retrying...", error)
            if attempt + 1 < num_tries:
                time.sleep(timeout)
        else:
            logger.debug("Stored file with id '%s' in mirror '%s'.", file_id, mirror)
            return str(file_id)
    raise ExportError(f"Failed to export the file of doc '{doc}' to mirror '{mirror}'.")


export_to_mirror = deprecated_alias(_export_to_mirror, "export_to_mirror")


def _export_one(
    doc: Mapping[str, Any],
    index: Any,
    mirrors: Iterable[Any] | None = None,
    num_tries: int = 3,
    timeout: float = 60,
) -> tuple[Any, Any]:
    """Export one document to an index and its file to mirrors.

    The only call on the index is ``index.replace_one({'_id': id}, doc, upsert=True)``.

    .. deprecated:: 1.3
       This will be removed in 2.0. The indexing module is deprecated.

    Parameters
    ----------
    doc : dict
        The index document (with an ``_id``).
    index : collection
        The collection to export to.
    mirrors : iterable, optional
        Mirrors to export the file (``file_id``) to (Default value = None).
    num_tries : int
        Attempts on mirror errors (Default value = 3).
    timeout : float
        Seconds to wait before another attempt (Default value = 60).

    Returns
    -------
    tuple
        The id and the file id (None for a document without ``file_id``).
    """
    index.replace_one({"_id": doc["_id"]}, doc, upsert=True)
    if mirrors and "file_id" in doc:
        for mirror in mirrors:
            _export_to_mirror(doc, mirror, num_tries, timeout)
    return doc["_id"], doc.get("file_id")


export_one = deprecated_alias(_export_one, "export_one")


def _is_pymongo_collection(index: Any) -> bool:
    # A pymongo collection exists only once pymongo is imported: do not import it here.
    pymongo = sys.modules.get("pymongo")
    return pymongo is not None and isinstance(index, pymongo.collection.Collection)


def _remove_stale(index: Any, ids: Mapping[Any, list[Any]]) -> None:
    """Delete the documents that share a ``root`` with the exported ones but not an ``_id``."""
    stale: set[Any] = set()
    for root, exported in ids.items():
        present = {doc["_id"] for doc in index.find({"root": root})}
        stale.update(present.difference(exported))
    logger.info("Removing %d stale documents.", len(stale))
    for _id in stale:
        index.delete_one({"_id": _id})


_EMPTY_UPDATE = "The exported docs sequence is empty! Unable to update!"


def export(
    docs: Iterable[Mapping[str, Any]],
    index: Any,
    mirrors: Iterable[Any] | None = None,
    update: bool = False,
    num_tries: int = 3,
    timeout: float = 60,
    **kwargs: Any,
) -> None:
    """Export documents to an index and their files to mirrors.

    Equivalent to ``export_one(doc, index, mirrors, num_tries)`` for every
    document; a pymongo collection is handed to :func:`export_pymongo`. With
    ``update``, every document of the index that shares a ``root`` with an
    exported document but not an ``_id`` is stale and deleted (``find`` and
    ``delete_one``).

    .. deprecated:: 1.3
       This will be removed in 2.0. The indexing module is deprecated.

    Parameters
    ----------
    docs : iterable of dict
        The index documents.
    index : collection
        The collection to export to.
    mirrors : iterable, optional
        Mirrors to export files to (Default value = None).
    update : bool
        Remove stale documents (Default value = False).
    num_tries : int
        Attempts on mirror errors (Default value = 3).
    timeout : float
        Seconds to wait before another attempt (Default value = 60).
    **kwargs
        Forwarded to the specialized implementation (``chunksize`` of
        :func:`export_pymongo`); ignored for other indexes, as in signac 1.7.

    Raises
    ------
    ExportError
        When ``update`` is True and ``docs`` is empty (nothing was written).
    """
    warn_deprecated("export")
    if _is_pymongo_collection(index):
        logger.info("Using optimized export function export_pymongo().")
        _export_pymongo(docs, index, mirrors, update, num_tries, timeout, **kwargs)
        return
    ids: dict[Any, list[Any]] = defaultdict(list)
    empty = True
    for doc in docs:
        empty = False
        _id, _ = _export_one(doc, index, mirrors, num_tries, timeout)
        if update and doc.get("root") is not None:
            ids[doc["root"]].append(_id)
    if update:
        if empty:
            raise ExportError(_EMPTY_UPDATE)
        _remove_stale(index, ids)


def _export_pymongo(
    docs: Iterable[Mapping[str, Any]],
    index: Any,
    mirrors: Iterable[Any] | None = None,
    update: bool = False,
    num_tries: int = 3,
    timeout: float = 60,
    chunksize: int = 100,
) -> None:
    """Export documents to a pymongo collection in bulk writes of ``chunksize``.

    Like :func:`export`; the documents must be JSON-serializable. A chunk is
    retried ``num_tries`` times after pymongo's ``AutoReconnect``.

    .. deprecated:: 1.3
       This will be removed in 2.0. The indexing module is deprecated.

    Parameters
    ----------
    docs : iterable of dict
        The index documents.
    index : pymongo.collection.Collection
        The database collection to export to.
    mirrors : iterable, optional
        Mirrors to export files to (Default value = None).
    update : bool
        Remove stale documents (Default value = False).
    num_tries : int
        Attempts on connection and mirror errors (Default value = 3).
    timeout : float
        Seconds to wait before another attempt (Default value = 60).
    chunksize : int
        The number of documents per bulk write (Default value = 100).

    Raises
    ------
    ExportError
        When ``update`` is True and ``docs`` is empty, or a chunk could not
        be written in ``num_tries`` attempts.
    """
    from ._optional import require_pymongo

    pymongo = require_pymongo()
    if chunksize < 1:
        raise ValueError("chunksize must be positive.")
    mirrors = list(mirrors) if mirrors is not None else None
    logger.info("Exporting to pymongo database collection index '%s'.", index)
    ids: dict[Any, list[Any]] = defaultdict(list)
    empty = True
    chunk: list[Mapping[str, Any]] = []
    for doc in docs:
        empty = False
        chunk.append(doc)
        if update and doc.get("root") is not None:
            ids[doc["root"]].append(doc["_id"])
        if len(chunk) >= chunksize:
            _push_chunk(pymongo, chunk, index, mirrors, num_tries, timeout)
            chunk = []
    if chunk:
        _push_chunk(pymongo, chunk, index, mirrors, num_tries, timeout)
    if update:
        if empty:
            raise ExportError(_EMPTY_UPDATE)
        _remove_stale(index, ids)


export_pymongo = deprecated_alias(_export_pymongo, "export_pymongo")


def _push_chunk(
    pymongo: Any,
    chunk: list[Mapping[str, Any]],
    index: Any,
    mirrors: list[Any] | None,
    num_tries: int,
    timeout: float,
) -> None:
    operations = [pymongo.ReplaceOne({"_id": doc["_id"]}, doc, upsert=True) for doc in chunk]
    for attempt in range(num_tries):
        try:
            index.bulk_write(operations)
            break
        except pymongo.errors.AutoReconnect as error:
            logger.warning("Bulk write failed: %s", error)
            if attempt + 1 < num_tries:
                time.sleep(timeout)
    else:
        raise ExportError(f"Failed to export {len(chunk)} documents in {num_tries} attempts.")
    for mirror in mirrors or ():
        for doc in chunk:
            if "file_id" in doc:
                _export_to_mirror(doc, mirror, num_tries, timeout)
