"""The signac 1.7 path ``signac.common.errors``: configuration and export errors.

Every name is the very object of the package that implements it
(``signac._paths`` lists them).
"""

from signac_core.errors import AuthenticationError as AuthenticationError
from signac_core.errors import ConfigError as ConfigError
from signac_core.errors import Error as Error
from signac_core.errors import ExportError as ExportError
from signac_core.errors import FetchError as FetchError

from .._gathered import finish as _finish

_finish(globals())
