"""Type stub of the alias ``signac.contrib.linked_view``: it is the module ``signac_core.linked_view``."""

from signac_core.linked_view import *  # noqa: F403 (the alias is that whole module)
