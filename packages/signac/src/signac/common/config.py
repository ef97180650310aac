"""The signac 1.7 path ``signac.common.config``: configuration files.

Every name is the very object of the package that implements it
(``signac._paths`` lists them).
"""

from signac_core.config import FN_CONFIG as FN_CONFIG
from signac_core.config import Config as Config
from signac_core.config import get_config as get_config
from signac_core.config import load_config as load_config
from signac_core.config import read_config_file as read_config_file
from signac_core.config import search_standard_dirs as search_standard_dirs
from signac_core.config import search_tree as search_tree

from .._gathered import finish as _finish

_finish(globals())
