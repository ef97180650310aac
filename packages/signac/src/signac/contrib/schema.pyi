"""Type stub of the alias ``signac.contrib.schema``: it is the module ``signac_core.schema``."""

from signac_core.schema import *  # noqa: F403 (the alias is that whole module)
