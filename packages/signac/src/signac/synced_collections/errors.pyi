"""Type stub of the alias ``signac.synced_collections.errors``: it is the module ``synced_collections.errors``."""

from synced_collections.errors import *  # noqa: F403 (the alias is that whole module)
