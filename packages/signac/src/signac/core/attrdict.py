"""The signac 1.7 path ``signac.core.attrdict`` (deprecated in 1.7).

Every name is the very object of the package that implements it
(``signac._paths`` lists them).
"""

from signac_core._legacy_dicts import SyncedAttrDict as SyncedAttrDict

from .._gathered import finish as _finish

_finish(globals())
