"""Type stub of the alias ``signac.synced_collections.validators``: it is the module ``synced_collections.validators``."""

from synced_collections.validators import *  # noqa: F403 (the alias is that whole module)
