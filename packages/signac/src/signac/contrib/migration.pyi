"""Type stub of the alias ``signac.contrib.migration``: it is the module ``signac_core.migration``."""

from signac_core.migration import *  # noqa: F403 (the alias is that whole module)
