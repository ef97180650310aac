"""The signac 1.7 path ``signac.contrib.utility``.

Every name is the very object of the package that implements it
(``signac._paths`` lists them).
"""

from signac_core.utility import query_yes_no as query_yes_no

from .._gathered import finish as _finish

_finish(globals())
