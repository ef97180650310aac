"""signac configuration files: ``signac.rc`` / ``.signacrc`` in ConfigObj syntax.

A directory is a project root when it holds ``signac.rc`` (or ``.signacrc``)
with a ``project`` key. The global configuration lives in ``~/.signacrc``.
:func:`load_config` merges the global file with the first project file found
in or above a directory.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Iterator
from typing import Any

from configobj import ConfigObj, ConfigObjError

try:  # configobj >= 5.1 ships validate inside the package
    from configobj.validate import Validator
except ImportError:  # pragma: no cover - configobj 5.0
    from validate import Validator  # type: ignore[no-redef]

from .errors import ConfigError
from .warnings import SignacDeprecationWarning

#: Records go to the logger name of signac 1.7 (``signac.common.config``), which 1.7
#: scripts may filter on.
logger = logging.getLogger("signac.common.config")

#: Config file names recognized in a project root, in order of preference.
CONFIG_FILENAMES: tuple[str, ...] = ("signac.rc", ".signacrc")
#: The global (user) configuration file.
FN_GLOBAL_CONFIG = "~/.signacrc"
#: signac 1.x's name of the global configuration file (expanded at import).
FN_CONFIG = os.path.expanduser(FN_GLOBAL_CONFIG)

#: The schema (configspec) of signac configuration files.
CONFIGSPEC = """
workspace_dir = string(default='workspace')
project = string()
schema_version = string(default='1')

[General]
default_host = string(default=None)

[hosts]
[[__many__]]
url = string(default='localhost')
auth_mechanism = option('none', 'SCRAM-SHA-1', 'SSL-x509', default='none')
username = string()
password = string()
db_auth = string(default='admin')
[[[password_config]]]
salt = string()
rounds = integer()
"""


class Config(ConfigObj):
    """A signac configuration: a :class:`configobj.ConfigObj` with a schema check.

    Parameters
    ----------
    *args, **kwargs
        Forwarded to :class:`configobj.ConfigObj` (``infile``,
        ``configspec``, ...).
    """

    def verify(self, validator: Any = None, *args: Any, **kwargs: Any) -> Any:
        """Validate the configuration against its configspec.

        Parameters
        ----------
        validator : :class:`validate.Validator`, optional
            The validator to use (Default value = None, a plain validator).
        *args, **kwargs
            Forwarded to :meth:`configobj.ConfigObj.validate`.

        Returns
        -------
        bool or dict
            True when valid, else the validation result.
        """
        if validator is None:
            validator = Validator()
        return self.validate(validator, *args, **kwargs)


def get_config(infile: Any = None, configspec: Any = None, *args: Any, **kwargs: Any) -> Config:
    """Get a configuration object (empty, or read from ``infile``).

    Parameters
    ----------
    infile : str or list, optional
        A filename or lines of a config file (Default value = None).
    configspec : str or list, optional
        The schema; defaults to signac's configspec.
    *args, **kwargs
        Forwarded to :class:`Config`.

    Returns
    -------
    Config
        The configuration.
    """
    if configspec is None:
        configspec = CONFIGSPEC.split("\n")
    return Config(infile, *args, configspec=configspec, **kwargs)


def read_config_file(filename: str) -> Config:
    """Read and validate one configuration file.

    Defaults of the configspec are filled in (``workspace_dir``,
    ``schema_version``, ``[General]`` and ``[hosts]``), also when the file
    does not exist.

    Parameters
    ----------
    filename : str
        The path of the file.

    Returns
    -------
    Config
        The configuration it holds.

    Raises
    ------
    ConfigError
        When the file cannot be parsed.
    """
    logger.debug("Reading config file '%s'.", filename)
    try:
        config = get_config(filename)
    except (OSError, ConfigObjError) as error:
        raise ConfigError(f"Failed to read configuration file '{filename}':\n{error}") from error
    result = config.verify()
    if result is not True:
        logger.debug("Config file '%s' may contain invalid values.", filename)
    return config


def _search_local(root: str) -> Iterator[str]:
    for name in CONFIG_FILENAMES:
        fn = os.path.abspath(os.path.join(root, name))
        if os.path.isfile(fn):
            yield fn


def search_tree(root: str | None = None) -> Iterator[str]:
    """Yield the config files in ``root`` and in every directory above it, nearest first.

    Parameters
    ----------
    root : str, optional
        The directory to start from (Default value = None, the current directory).

    Yields
    ------
    str
        Absolute paths of ``signac.rc`` / ``.signacrc`` files.
    """
    root = os.path.abspath(os.getcwd() if root is None else root)
    while True:
        yield from _search_local(root)
        parent = os.path.dirname(root)
        if parent == root:
            return
        root = parent


def search_standard_dirs() -> Iterator[str]:
    """Yield the global configuration file (``~/.signacrc``) if it exists.

    Yields
    ------
    str
        The path of the global configuration file.
    """
    fn = os.path.expanduser(FN_GLOBAL_CONFIG)
    if os.path.isfile(fn):
        yield fn


def _is_project_file(config: Config) -> bool:
    return "project" in config


def load_config(root: str | None = None, local: bool = False) -> Config:
    """Load the configuration that applies to a directory.

    The global ``~/.signacrc`` is merged with the nearest project
    configuration found in or above ``root``; config files without a
    ``project`` key found on the way are merged too.

    Parameters
    ----------
    root : str, optional
        The directory to start from (Default value = None, the current directory).
    local : bool
        Only consider config files directly in ``root`` and skip the global
        file (Default value = False).

    Returns
    -------
    Config
        The merged configuration; ``config['project_dir']`` is the project
        root when a project configuration was found.
    """
    if root is None:
        root = os.getcwd()
    config = get_config()
    if local:
        candidates: Iterator[str] = _search_local(root)
    else:
        for fn in search_standard_dirs():
            global_config = read_config_file(fn)
            global_config.pop("project", None)  # a project key in ~/.signacrc is ignored
            config.merge(global_config)
        candidates = search_tree(root)
    for fn in candidates:
        if os.path.realpath(fn) == os.path.realpath(os.path.expanduser(FN_GLOBAL_CONFIG)):
            continue  # the home directory is not a project because of its global file
        tmp = read_config_file(fn)
        config.merge(tmp)
        if _is_project_file(tmp):
            config["project_dir"] = os.path.dirname(fn)
            break
    return config


class _ProjectConfig(Config):
    """The configuration of a project; modifying it in memory is deprecated."""

    def __init__(self, *args: Any, **kwargs: Any):
        self._mutable = True
        super().__init__(*args, **kwargs)
        self._mutable = False

    def _warn_if_frozen(self) -> None:
        if not getattr(self, "_mutable", True):
            warnings.warn(
                "Modifying the project configuration after project initialization is "
                "deprecated as of version 1.3 and will be removed in version 2.0.",
                SignacDeprecationWarning,
                stacklevel=3,
            )

    def __setitem__(self, key: Any, value: Any) -> None:
        self._warn_if_frozen()
        super().__setitem__(key, value)
        self._changed(key)

    def __delitem__(self, key: Any) -> None:
        self._warn_if_frozen()
        super().__delitem__(key)
        self._changed(key)

    def _changed(self, key: Any) -> None:
        """Tell the project (``_on_change``, set by it) that ``key`` changed in memory."""
        on_change = getattr(self, "_on_change", None)
        if on_change is not None:
            on_change(key)


__all__ = [
    "CONFIG_FILENAMES",
    "FN_CONFIG",
    "Config",
    "get_config",
    "load_config",
    "read_config_file",
    "search_standard_dirs",
    "search_tree",
]
