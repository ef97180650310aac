"""Type stub of the alias ``signac.core.h5store``: it is the module ``signac_h5store``."""

from signac_h5store import *  # noqa: F403 (the alias is that whole module)
