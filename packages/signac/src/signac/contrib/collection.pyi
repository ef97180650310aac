"""Type stub of the alias ``signac.contrib.collection``: it is the module ``signac_collection``."""

from signac_collection import *  # noqa: F403 (the alias is that whole module)
