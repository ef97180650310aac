"""Type stub of the alias ``signac.contrib.indexing``: it is the module ``signac_core.indexing``."""

from signac_core.indexing import *  # noqa: F403 (the alias is that whole module)
