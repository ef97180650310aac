"""Type stub of the alias ``signac.synced_collections.backends.collection_zarr``: it is the module ``synced_collections.backends.collection_zarr``."""

from synced_collections.backends.collection_zarr import *  # noqa: F403 (the alias is that whole module)
