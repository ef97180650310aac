"""Type stub of the alias ``signac.synced_collections.buffers``: it is the module ``synced_collections.buffers``."""

from synced_collections.buffers import *  # noqa: F403 (the alias is that whole module)
