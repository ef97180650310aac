"""Errors raised by signac-h5store.

::

    Exception
    ├── H5StoreError
    │   ├── H5StoreClosedError (RuntimeError)
    │   ├── H5StoreAlreadyOpenError (OSError)
    │   └── H5StoreReadOnlyError (PermissionError)
    └── InvalidKeyError (ValueError)

``InvalidKeyError`` is the class of :mod:`synced_collections.errors` (and so
``signac.errors.InvalidKeyError``), re-exported here: it is raised when a key
written to a store, a group or a manager contains a dot. Everything else is a
builtin: ``KeyError`` for a missing key, ``TypeError`` for a key or value of a
type that cannot be stored, ``ValueError`` for another invalid key or value, and ``ImportError`` (with the package to install) when a
pandas object is stored or read without PyTables.
"""

from __future__ import annotations

from synced_collections.errors import InvalidKeyError

__all__ = [
    "H5StoreAlreadyOpenError",
    "H5StoreClosedError",
    "H5StoreError",
    "H5StoreReadOnlyError",
    "InvalidKeyError",
]


class H5StoreError(Exception):
    """Base class of the errors raised by signac-h5store."""


class H5StoreClosedError(H5StoreError, RuntimeError):
    """The store is closed, but the operation needs it open.

    Raised when accessing :attr:`H5Store.file` of a closed store, and when an
    array (an ``h5py.Dataset``) is read from a store that is not open: the
    dataset would be unusable once the implicitly opened file is closed again.
    Open the store first (``with store: ...``).
    """


class H5StoreAlreadyOpenError(H5StoreError, OSError):
    """The HDF5 file cannot be opened because it is already open.

    Raised when

    - :meth:`H5Store.open` is called on a store that is already open;
    - another process holds the file open in a conflicting way (HDF5 file
      locking: one writer excludes everyone else, readers exclude writers);
    - another handle in this process holds the file open in an incompatible
      mode (e.g. read-only while this store wants to write, or any handle
      while this store wants to truncate the file).

    It is an ``OSError``, like the error h5py raises in the latter two cases;
    the original h5py error is chained as ``__cause__``.
    """


class H5StoreReadOnlyError(H5StoreError, PermissionError):
    """A write was attempted on a store that is open read-only (``mode='r'``).

    The file is left unchanged.
    """
