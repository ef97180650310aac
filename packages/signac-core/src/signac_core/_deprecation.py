"""The deprecation warning of the 1.x APIs that signac 2.0 removes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from synced_collections._warn import warn_at_caller as _warn_at_caller

from .warnings import DeprecatedWarning, SignacDeprecationWarning

_F = TypeVar("_F", bound=Callable[..., Any])

#: The details of every deprecation of the indexing module (as in signac 1.7).
INDEXING = "The indexing module is deprecated."


def warn_deprecated(name: str, since: str = "1.3", details: str = INDEXING) -> None:
    """Warn that ``name`` is deprecated, at the first caller outside signac_core.

    The message has signac 1.7's form: ``"fetch is deprecated as of 1.3 and
    will be removed in 2.0. The indexing module is deprecated."``.

    Parameters
    ----------
    name : str
        The deprecated function, class or argument.
    since : str
        The signac version that deprecated it (Default value = "1.3").
    details : str
        What to use instead, or why (Default value = :data:`INDEXING`).
    """
    message = f"{name} is deprecated as of {since} and will be removed in 2.0."
    if details:
        message += " " + details
    warn_message(message, DeprecatedWarning)


def warn_message(message: str, category: type[Warning] = SignacDeprecationWarning) -> None:
    """Warn with ``message``, at the first caller outside signac_core.

    Parameters
    ----------
    message : str
        The whole message.
    category : type
        The warning class (Default value = :class:`SignacDeprecationWarning`).
    """
    _warn_at_caller(message, category)


def deprecated_alias(function: _F, name: str) -> _F:
    """Return ``function`` as the public ``name`` that warns (:func:`warn_deprecated`) first.

    The wrapper has the name, signature and docstring of ``function``;
    signac_core itself calls ``function``, which does not warn.

    Parameters
    ----------
    function : callable
        The (private) implementation.
    name : str
        The public, deprecated name.

    Returns
    -------
    callable
        The warning wrapper.
    """

    @functools.wraps(function)
    def public(*args: Any, **kwargs: Any) -> Any:
        warn_deprecated(name)
        return function(*args, **kwargs)

    public.__name__ = public.__qualname__ = name
    return cast(_F, public)
