"""Type stub of the alias ``signac.synced_collections.buffers.serialized_file_buffered_collection``: it is the module ``synced_collections.buffers.serialized_file_buffered_collection``."""

from synced_collections.buffers.serialized_file_buffered_collection import *  # noqa: F403 (the alias is that whole module)
