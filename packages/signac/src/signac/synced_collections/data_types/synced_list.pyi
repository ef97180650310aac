"""Type stub of the alias ``signac.synced_collections.data_types.synced_list``: it is the module ``synced_collections.data_types.synced_list``."""

from synced_collections.data_types.synced_list import *  # noqa: F403 (the alias is that whole module)
