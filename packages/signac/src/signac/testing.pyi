"""Type stub of the alias ``signac.testing``: it is the module ``signac_core.testing``."""

from signac_core.testing import *  # noqa: F403 (the alias is that whole module)
