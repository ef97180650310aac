"""The signac 1.7 path ``signac.core.dict_manager``: DictManager (signac-h5store).

Every name is the very object of the package that implements it
(``signac._paths`` lists them).
"""

from signac_h5store import DictManager as DictManager

from .._gathered import finish as _finish

_finish(globals())
