"""Implements a Redis :class:`~.SyncedCollection` backend.

Requires ``redis`` (extra ``[redis]``) only for the client object the user
passes in; this module does not import it. Data is stored JSON-encoded under
the given key.
"""

from __future__ import annotations

import json
from typing import Any

from ..data_types.synced_collection import SyncedCollection
from ..data_types.synced_dict import SyncedDict
from ..data_types.synced_list import SyncedList
from ..validators import json_format_validator


class RedisCollection(SyncedCollection):
    """A :class:`~.SyncedCollection` that synchronizes with a Redis database.

    The collection is stored JSON-encoded as the value of ``key``.

    **Thread safety.** The ``RedisCollection`` is not thread-safe.

    Parameters
    ----------
    client : redis.Redis
        The Redis client used to persist data.
    key : str
        The key associated with this collection in the Redis database.
    *args
        Positional arguments forwarded to parent constructors.
    **kwargs
        Keyword arguments forwarded to parent constructors.
    """

    _backend = __name__
    _validators = (json_format_validator,)

    def __init__(self, client: Any = None, key: str | None = None, *args, **kwargs):
        self._client = client
        self._key = key
        super().__init__(*args, **kwargs)
        if self._parent is None and (client is None or key is None):
            raise ValueError(f"{type(self).__name__} requires a client and a key, or a parent.")

    @property
    def client(self) -> Any:
        """redis.Redis: The Redis client used to store the data."""
        return self._top._client

    @property
    def key(self) -> str:
        """str: The key associated with this collection stored in Redis."""
        return self._top._key

    def _load_from_resource(self) -> Any:
        blob = self._client.get(self._key)
        if blob is None:
            return None
        return json.loads(blob)

    def _save_to_resource(self) -> None:
        self._client.set(self._key, json.dumps(self._to_base()).encode("utf-8"))


class RedisDict(RedisCollection, SyncedDict):
    r"""A dict-like data structure that synchronizes with a persistent Redis database.

    Examples
    --------
    >>> doc = RedisDict(redis.Redis(), 'data')
    >>> doc['foo'] = "bar"
    >>> assert doc['foo'] == "bar"
    >>> doc['foo'] = dict(bar=True)
    >>> doc
    {'foo': {'bar': True}}

    Parameters
    ----------
    client : redis.Redis, optional
        A redis client (Default value = None).
    key : str, optional
        The key of the collection (Default value = None).
    data : collections.abc.Mapping, optional
        The initial data. If None, defaults to ``{}`` (Default value = None).
    parent : RedisCollection, optional
        A parent instance of RedisCollection or None (Default value = None).
    \*args
        Positional arguments forwarded to parent constructors.
    \*\*kwargs
        Keyword arguments forwarded to parent constructors.

    Warnings
    --------
    Copies of a ``RedisDict`` modify the same key. Call the object (``doc()``)
    for a plain ``dict`` copy.
    """

    def __init__(self, client=None, key=None, data=None, parent=None, *args, **kwargs):
        super().__init__(client, key, *args, data=data, parent=parent, **kwargs)


class RedisList(RedisCollection, SyncedList):
    r"""A list-like data structure that synchronizes with a persistent Redis database.

    Only non-string sequences are supported by this class.

    Examples
    --------
    >>> synced_list = RedisList(redis.Redis(), 'data')
    >>> synced_list.append("bar")
    >>> assert synced_list[0] == "bar"

    Parameters
    ----------
    client : redis.Redis, optional
        A Redis client (Default value = None).
    key : str, optional
        The key of the collection (Default value = None).
    data : non-str collections.abc.Sequence, optional
        The initial data. If None, defaults to ``[]`` (Default value = None).
    parent : RedisCollection, optional
        A parent instance of RedisCollection or None (Default value = None).
    \*args
        Positional arguments forwarded to parent constructors.
    \*\*kwargs
        Keyword arguments forwarded to parent constructors.
    """

    def __init__(self, client=None, key=None, data=None, parent=None, *args, **kwargs):
        super().__init__(client, key, *args, data=data, parent=parent, **kwargs)


__all__ = ["RedisCollection", "RedisDict", "RedisList"]
