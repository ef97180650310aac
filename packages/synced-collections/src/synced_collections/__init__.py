"""Dict- and list-like collections synchronized with a storage backend.

The data types live in :mod:`synced_collections.data_types`, the backends in
:mod:`synced_collections.backends` (``collection_json``, ``collection_mongodb``,
``collection_redis``, ``collection_zarr``) and the buffering implementations in
:mod:`synced_collections.buffers`.
"""

from ._version import __version__
from .data_types import AttrDict, SyncedCollection, SyncedDict, SyncedList

__all__ = ["AttrDict", "SyncedCollection", "SyncedDict", "SyncedList", "__version__"]
