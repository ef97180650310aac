"""Type stub of the alias ``signac.synced_collections.data_types.synced_collection``: it is the module ``synced_collections.data_types.synced_collection``."""

from synced_collections.data_types.synced_collection import *  # noqa: F403 (the alias is that whole module)
