"""Type stub of the alias ``signac.synced_collections.backends.collection_json``: it is the module ``synced_collections.backends.collection_json``."""

from synced_collections.backends.collection_json import *  # noqa: F403 (the alias is that whole module)
