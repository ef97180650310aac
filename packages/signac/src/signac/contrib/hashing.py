"""The signac 1.7 path ``signac.contrib.hashing``: job ids.

Every name is the very object of the package that implements it
(``signac._paths`` lists them).
"""

from signac_core import calc_id as calc_id

from .._gathered import finish as _finish

_finish(globals())
