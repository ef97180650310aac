"""Documents and files of jobs and projects.

:class:`_DocumentsAndStores` is the part that :class:`~signac_core.Job` and
:class:`~signac_core.Project` share: file names under one directory (the
job's workspace, the project's root), the JSON document there and the HDF5
stores. The plain readers serve searches, which never open synced documents.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Mapping
from typing import Any

from ._optional import require_h5store


def open_document(filename: str, write_concern: bool = False) -> Any:
    """Return the synced document stored in ``filename``.

    Every write replaces the file atomically (it survives a crash of the
    process); with ``write_concern`` it is also fsync-ed, with its directory,
    to survive a power loss (the project's ``write_concern`` configuration key).
    """
    from synced_collections.backends.collection_json import BufferedJSONAttrDict

    return BufferedJSONAttrDict(filename=filename, write_concern=write_concern)


def read_document(filename: str) -> dict[str, Any] | None:
    """Read a document as a plain dict ({} if it does not exist).

    An unreadable document is reported with a warning and gives None (callers
    skip the job).
    """
    try:
        with open(filename, "rb") as file:
            blob = file.read()
    except (FileNotFoundError, NotADirectoryError):
        return {}
    return parse_document(blob, filename, stacklevel=4)


def parse_document(blob: bytes, filename: str, stacklevel: int = 3) -> dict[str, Any] | None:
    """Parse the contents of a document file (as :func:`read_document` does).

    Empty contents give ``{}``; invalid JSON or a non-object is reported with
    a ``RuntimeWarning`` (``stacklevel`` counted from this function's caller)
    and gives None.
    """
    if not blob.strip():
        return {}
    try:
        doc = json.loads(blob)
    except ValueError as error:
        warnings.warn(
            f"Skipped a job with an unreadable document '{filename}': {error}",
            RuntimeWarning,
            stacklevel=stacklevel,
        )
        return None
    if not isinstance(doc, dict):
        warnings.warn(
            f"Skipped a job with an invalid document '{filename}'.",
            RuntimeWarning,
            stacklevel=stacklevel,
        )
        return None
    return doc


class _DocumentsAndStores:
    """Mixin of :class:`Job` and :class:`Project`: files, document and HDF5 stores.

    Subclasses set ``FN_DOCUMENT`` and ``_files_dir`` (the method returning
    their directory), and may override ``_prepare_files`` (a job initializes
    itself before its document or stores are opened).
    """

    __slots__ = ()

    FN_DOCUMENT: str
    #: The datastore key (``data`` is ``stores[KEY_DATA]``).
    KEY_DATA = "signac_data"

    # Lazily opened (class-level defaults keep instances cheap to create).
    _document: Any = None
    _stores: Any = None

    def _files_dir(self) -> str:  # pragma: no cover - always overridden
        raise NotImplementedError

    def _prepare_files(self) -> None:
        """Make sure the directory exists before a document or store is opened."""

    def _write_concern(self) -> bool:
        """Return the project's ``write_concern`` setting (fsync every document write)."""
        owner: Any = getattr(self, "_project", self)  # a job's project, or the project
        config = owner._config
        return "write_concern" in config and bool(config.as_bool("write_concern"))

    def fn(self, filename: str) -> str:
        """Prepend a filename with the job's workspace (the project's root) directory path.

        Parameters
        ----------
        filename : str
            The name of the file.

        Returns
        -------
        str
            The joined path of the directory and filename.
        """
        return os.path.join(self._files_dir(), filename)

    def isfile(self, filename: str) -> bool:
        """Return True if a file exists in the job's workspace (the project's root).

        Parameters
        ----------
        filename : str
            The name of the file.

        Returns
        -------
        bool
            True if a file with this name exists in the directory.
        """
        return os.path.isfile(self.fn(filename))

    @property
    def document(self) -> Any:
        """Get the document associated with this job or project.

        The job document is ``signac_job_document.json`` in the job's
        workspace (accessing it initializes the job), the project document
        ``signac_project_document.json`` in the project root. Even deep
        copies of the document modify the same file; call it
        (``job.document()``) for a plain ``dict`` copy.

        Returns
        -------
        :class:`~synced_collections.backends.collection_json.BufferedJSONAttrDict`
            The document handle.
        """
        doc = self._document
        if doc is None:
            self._prepare_files()
            doc = self._document = open_document(self.fn(self.FN_DOCUMENT), self._write_concern())
        return doc

    @document.setter
    def document(self, new_doc: Mapping[str, Any]) -> None:
        self.document.reset(new_doc)

    @property
    def doc(self) -> Any:
        """Alias for :attr:`document`."""
        return self.document

    @doc.setter
    def doc(self, new_doc: Mapping[str, Any]) -> None:
        self.document = new_doc

    @property
    def stores(self) -> Any:
        """Get the HDF5 stores associated with this job or project.

        ``stores['my_data']`` (or ``stores.my_data``) is the
        :class:`~signac.H5Store` of the file ``my_data.h5`` in the job's
        workspace (the project's root). Requires ``signac-core[h5]``.

        Returns
        -------
        H5StoreManager
            The HDF5-Store manager.
        """
        stores = self._stores
        if stores is None:
            manager = require_h5store().H5StoreManager
            self._prepare_files()
            stores = self._stores = manager(self._files_dir())
        return stores

    @property
    def data(self) -> Any:
        """Get the data associated with this job or project (``stores['signac_data']``).

        Use it for large array-like data, which can't be stored efficiently
        in the document.

        Returns
        -------
        H5Store
            An HDF5-backed datastore.
        """
        return self.stores[self.KEY_DATA]

    @data.setter
    def data(self, new_data: Mapping[str, Any]) -> None:
        self.stores[self.KEY_DATA] = new_data
