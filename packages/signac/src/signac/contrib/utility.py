"""The signac 1.7 path ``signac.contrib.utility``.

Every name is the very object of the package that implements it
(``signac._paths`` lists them).
"""

from signac_core._fsutil import _mkdir_p as _mkdir_p

from .._gathered import finish as _finish

_finish(globals())
