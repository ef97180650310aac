"""MongoDB hosts of the signac configuration (deprecated 1.x API).

The hosts live in the ``[hosts]`` section of ``~/.signacrc`` (``signac config
host`` edits them), one subsection per host::

    [General]
    default_host = mydb

    [hosts]
    [[mydb]]
    url = mongodb://localhost
    auth_mechanism = SCRAM-SHA-1
    username = alice
    password = secret
    db_auth = admin

``auth_mechanism`` is ``none`` (the default) or ``SCRAM-SHA-1``; without a
stored ``password`` a SCRAM host asks for it on the terminal.
"""

from __future__ import annotations

import atexit
import getpass
from collections.abc import Mapping
from typing import Any

from .config import load_config
from .errors import AuthenticationError, ConfigError

#: The authentication mechanisms of host configurations.
AUTH_NONE = "none"
AUTH_SCRAM_SHA_1 = "SCRAM-SHA-1"
SUPPORTED_AUTH_MECHANISMS = (AUTH_NONE, AUTH_SCRAM_SHA_1)

#: One client per connection setting (as signac 1.x kept them), closed at exit.
_CLIENTS: dict[tuple[Any, ...], Any] = {}


@atexit.register
def _close_clients() -> None:
    while _CLIENTS:
        _CLIENTS.popitem()[1].close()


def get_default_host(config: Mapping[str, Any] | None = None) -> str:
    """Return the name of the default host.

    Parameters
    ----------
    config : Config, optional
        The configuration (Default value = None: :func:`~signac_core.config.load_config`).

    Returns
    -------
    str
        ``[General] default_host`` if set, else the first configured host.

    Raises
    ------
    ConfigError
        When no host is configured.
    """
    if config is None:
        config = load_config()
    default = (config.get("General") or {}).get("default_host")
    if default:
        return str(default)
    try:
        return str(next(iter(config.get("hosts") or {})))
    except StopIteration:
        raise ConfigError("No hosts configured.") from None


def get_host_config(
    hostname: str | None = None, config: Mapping[str, Any] | None = None
) -> Mapping[str, Any]:
    """Return the configuration of a host.

    Parameters
    ----------
    hostname : str, optional
        The host's name (Default value = None: :func:`get_default_host`).
    config : Config, optional
        The configuration (Default value = None: :func:`~signac_core.config.load_config`).

    Returns
    -------
    Mapping
        The ``[hosts]`` subsection of the host.

    Raises
    ------
    ConfigError
        When the host is not configured.
    """
    if config is None:
        config = load_config()
    if hostname is None:
        hostname = get_default_host(config)
    try:
        return config.get("hosts", {})[hostname]  # type: ignore[no-any-return]
    except KeyError:
        raise ConfigError(f"Host '{hostname}' not configured.") from None


def get_credentials(hostcfg: Mapping[str, Any], ask: bool = True) -> str | None:
    """Return the password of a host configuration.

    Parameters
    ----------
    hostcfg : Mapping
        A host configuration.
    ask : bool
        Ask on the terminal when no password is stored (Default value = True).

    Returns
    -------
    str or None
        The password (None if none is stored and ``ask`` is False).

    Raises
    ------
    ConfigError
        When the password is stored hashed (``password_config``): signac 1.x
        derived the real password with bcrypt, which this package does not
        provide.
    """
    if hostcfg.get("password_config"):
        raise ConfigError(
            "Hashed passwords (password_config) need bcrypt, which signac-core does not "
            "provide; store the password itself with 'signac config host NAME -p'."
        )
    password = hostcfg.get("password")
    if password is None and ask:
        password = getpass.getpass(f"Password for {hostcfg.get('username')}@{hostcfg.get('url')}: ")
    return None if password is None else str(password)


def _client_arguments(hostcfg: Mapping[str, Any]) -> dict[str, Any]:
    """Return the keyword arguments of ``pymongo.MongoClient`` for a host configuration."""
    mechanism = hostcfg.get("auth_mechanism") or AUTH_NONE
    arguments: dict[str, Any] = {"host": hostcfg.get("url", "localhost")}
    if mechanism == AUTH_NONE:
        return arguments
    if mechanism != AUTH_SCRAM_SHA_1:
        raise ConfigError(
            f"Unsupported authentication mechanism '{mechanism}'; use one of "
            f"{', '.join(SUPPORTED_AUTH_MECHANISMS)}."
        )
    username = hostcfg.get("username")
    if not username:
        raise ConfigError(f"Authentication mechanism '{mechanism}' requires a username.")
    arguments.update(
        username=str(username),
        password=get_credentials(hostcfg),
        authSource=hostcfg.get("db_auth", "admin"),
        authMechanism=mechanism,
    )
    return arguments


def get_client(hostcfg: Mapping[str, Any]) -> Any:
    """Return a (cached) ``pymongo.MongoClient`` connected to a host.

    Parameters
    ----------
    hostcfg : Mapping
        A host configuration (see :func:`get_host_config`).

    Returns
    -------
    pymongo.MongoClient
        The client.

    Raises
    ------
    ImportError
        Without pymongo (install ``signac-core[mongodb]``).
    ConfigError
        When the authentication settings are invalid.
    """
    from ._optional import require_pymongo

    pymongo = require_pymongo()
    arguments = _client_arguments(hostcfg)
    key = tuple(sorted(arguments.items()))
    client = _CLIENTS.get(key)
    if client is None:
        client = _CLIENTS[key] = pymongo.MongoClient(**arguments)
    return client


def authenticate(client: Any, hostname: str) -> None:
    """Check that a client's credentials are accepted (a ``ping`` of the server).

    Parameters
    ----------
    client : pymongo.MongoClient
        A client with credentials (see :func:`get_client`).
    hostname : str
        The host's name, for the error.

    Raises
    ------
    AuthenticationError
        When the server rejects the credentials.
    """
    from pymongo.errors import OperationFailure

    try:
        client.admin.command("ping")
    except OperationFailure as error:
        if error.code == 18 or "authentication failed" in str(error).lower():
            raise AuthenticationError(hostname) from error
        raise


__all__ = [
    "authenticate",
    "AUTH_NONE",
    "AUTH_SCRAM_SHA_1",
    "SUPPORTED_AUTH_MECHANISMS",
    "get_client",
    "get_credentials",
    "get_default_host",
    "get_host_config",
]
