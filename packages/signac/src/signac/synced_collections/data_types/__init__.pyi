"""Type stub of the alias ``signac.synced_collections.data_types``: it is the module ``synced_collections.data_types``."""

from synced_collections.data_types import *  # noqa: F403 (the alias is that whole module)
