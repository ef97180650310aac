"""The signac 1.7 path ``signac.contrib.project``: the project and its functions.

Every name is the very object of the package that implements it
(``signac._paths`` lists them).
"""

from signac_core import JobsCursor as JobsCursor
from signac_core import Project as Project
from signac_core import TemporaryProject as TemporaryProject
from signac_core import get_job as get_job
from signac_core import get_project as get_project
from signac_core import init_project as init_project
from signac_core.config import _ProjectConfig as _ProjectConfig

from .._gathered import finish as _finish

_finish(globals())
