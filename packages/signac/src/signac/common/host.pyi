"""Type stub of the alias ``signac.common.host``: it is the module ``signac_core.host``."""

from signac_core.host import *  # noqa: F403 (the alias is that whole module)
