"""The signac 1.7 path ``signac.contrib.errors``: errors of projects and jobs.

Every name is the very object of the package that implements it
(``signac._paths`` lists them).
"""

from signac_core.errors import DestinationExistsError as DestinationExistsError
from signac_core.errors import IncompatibleSchemaVersion as IncompatibleSchemaVersion
from signac_core.errors import JobsCorruptedError as JobsCorruptedError
from signac_core.errors import StatepointParsingError as StatepointParsingError
from signac_core.errors import WorkspaceError as WorkspaceError

from .._gathered import finish as _finish

_finish(globals())
