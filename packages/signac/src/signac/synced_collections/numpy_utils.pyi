"""Type stub of the alias ``signac.synced_collections.numpy_utils``: it is the module ``synced_collections.numpy_utils``."""

from synced_collections.numpy_utils import *  # noqa: F403 (the alias is that whole module)
