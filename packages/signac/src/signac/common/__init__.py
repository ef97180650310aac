"""The signac 1.7 package ``signac.common``: it only holds documented paths.

Its children (``signac._paths`` lists them) are imported on first use.
"""

from .._gathered import finish as _finish

_finish(globals())
