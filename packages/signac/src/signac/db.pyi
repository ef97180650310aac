"""Type stub of the alias ``signac.db``: it is the module ``signac_core.db``."""

from signac_core.db import *  # noqa: F403 (the alias is that whole module)
