"""Type stub of the alias ``signac.synced_collections.utils``: it is the module ``synced_collections.utils``."""

from synced_collections.utils import *  # noqa: F403 (the alias is that whole module)
