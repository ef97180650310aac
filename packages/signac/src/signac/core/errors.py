"""The signac 1.7 path ``signac.core.errors``: the root of signac's errors.

Every name is the very object of the package that implements it
(``signac._paths`` lists them).
"""

from signac_core.errors import Error as Error

from .._gathered import finish as _finish

_finish(globals())
