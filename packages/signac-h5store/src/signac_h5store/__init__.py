"""Dict-like access to HDF5 files: H5Store, H5Group and H5StoreManager.

This module is also importable as ``signac.core.h5store``.
"""

from ._manager import DictManager, H5StoreManager
from ._store import H5Group, H5Store
from ._version import __version__
from .errors import (
    H5StoreAlreadyOpenError,
    H5StoreClosedError,
    H5StoreError,
    H5StoreReadOnlyError,
)

__all__ = [
    "DictManager",
    "H5Group",
    "H5Store",
    "H5StoreAlreadyOpenError",
    "H5StoreClosedError",
    "H5StoreError",
    "H5StoreManager",
    "H5StoreReadOnlyError",
    "__version__",
]
