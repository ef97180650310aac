"""Type stub of the alias ``signac.errors``: it is the module ``signac_core.errors``."""

from signac_core.errors import *  # noqa: F403 (the alias is that whole module)
