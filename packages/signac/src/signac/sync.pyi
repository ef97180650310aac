"""Type stub of the alias ``signac.sync``: it is the module ``signac_core.sync``."""

from signac_core.sync import *  # noqa: F403 (the alias is that whole module)
