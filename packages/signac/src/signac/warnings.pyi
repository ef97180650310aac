"""Type stub of the alias ``signac.warnings``: it is the module ``signac_core.warnings``."""

from signac_core.warnings import *  # noqa: F403 (the alias is that whole module)
