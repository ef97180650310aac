"""Type stub of the alias ``signac.synced_collections.data_types.synced_dict``: it is the module ``synced_collections.data_types.synced_dict``."""

from synced_collections.data_types.synced_dict import *  # noqa: F403 (the alias is that whole module)
