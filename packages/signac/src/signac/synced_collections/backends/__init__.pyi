"""Type stub of the alias ``signac.synced_collections.backends``: it is the module ``synced_collections.backends``."""

from synced_collections.backends import *  # noqa: F403 (the alias is that whole module)
