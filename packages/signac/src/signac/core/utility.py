"""The signac 1.7 path ``signac.core.utility``.

Every name is the very object of the package that implements it
(``signac._paths`` lists them).
"""

from signac_core._version_parsing import Version as Version
from signac_core._version_parsing import parse_version as parse_version

from .._gathered import finish as _finish

_finish(globals())
