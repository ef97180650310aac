"""The signac 1.7 path ``signac.syncutil``: directory comparison for sync.

Every name is the very object of the package that implements it
(``signac._paths`` lists them).
"""

from signac_core.sync import dircmp as dircmp

from ._gathered import finish as _finish

_finish(globals())
