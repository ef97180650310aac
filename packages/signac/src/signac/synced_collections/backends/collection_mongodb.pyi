"""Type stub of the alias ``signac.synced_collections.backends.collection_mongodb``: it is the module ``synced_collections.backends.collection_mongodb``."""

from synced_collections.backends.collection_mongodb import *  # noqa: F403 (the alias is that whole module)
