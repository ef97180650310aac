"""The signac 1.7 path ``signac.contrib.filterparse``: filters from command line arguments.

Every name is the very object of the package that implements it
(``signac._paths`` lists them).
"""

from signac_collection import parse_simple as parse_simple
from signac_core.filters import parse_filter_arg as parse_filter_arg

from .._gathered import finish as _finish

_finish(globals())
