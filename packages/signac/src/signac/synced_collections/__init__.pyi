"""Type stub of the alias ``signac.synced_collections``: it is the module ``synced_collections``."""

from synced_collections import *  # noqa: F403 (the alias is that whole module)
