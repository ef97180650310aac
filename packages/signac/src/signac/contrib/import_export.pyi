"""Type stub of the alias ``signac.contrib.import_export``: it is the module ``signac_core.import_export``."""

from signac_core.import_export import *  # noqa: F403 (the alias is that whole module)
