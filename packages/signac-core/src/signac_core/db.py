"""MongoDB database access through the configured hosts (deprecated 1.x API)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._deprecation import warn_deprecated
from ._optional import require_pymongo
from .host import AUTH_NONE, authenticate, get_client, get_default_host, get_host_config


def get_database(
    name: str, hostname: str | None = None, config: Mapping[str, Any] | None = None
) -> Any:
    """Get a database handle.

    A collection that does not exist yet is created when it is first written.

    .. deprecated:: 1.3
       This will be removed in 2.0. The database package is deprecated.

    Parameters
    ----------
    name : str
        The name of the database.
    hostname : str, optional
        The name of a host of the ``[hosts]`` configuration; defaults to
        ``[General] default_host`` or the first configured host.
    config : Config, optional
        The configuration to read the hosts from (Default value = None: the
        global and project configuration, :func:`~signac_core.config.load_config`).

    Returns
    -------
    pymongo.database.Database
        The database handle.

    Raises
    ------
    ImportError
        Without pymongo (install ``signac[mongodb]`` or ``signac-core[mongodb]``).
    ConfigError
        When the host is not configured or its configuration is invalid.
    AuthenticationError
        When the server rejects the credentials of an authenticating host
        (the server is contacted then; otherwise only on first use).
    """
    warn_deprecated("get_database", "1.3", "The database package is deprecated.")
    require_pymongo()
    if hostname is None:
        hostname = get_default_host(config)
    hostcfg = get_host_config(hostname, config)
    client = get_client(hostcfg)
    if (hostcfg.get("auth_mechanism") or AUTH_NONE) != AUTH_NONE:
        authenticate(client, hostname)
    return client.get_database(name)


__all__ = ["get_database"]
