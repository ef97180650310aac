"""Type stub of the alias ``signac.syncutil``: it is the module ``signac_core.syncutil``."""

from signac_core.syncutil import *  # noqa: F403 (the alias is that whole module)
