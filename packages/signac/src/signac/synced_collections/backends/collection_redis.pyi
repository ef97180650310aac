"""Type stub of the alias ``signac.synced_collections.backends.collection_redis``: it is the module ``synced_collections.backends.collection_redis``."""

from synced_collections.backends.collection_redis import *  # noqa: F403 (the alias is that whole module)
