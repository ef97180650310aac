"""Implements a MongoDB :class:`~.SyncedCollection` backend.

Requires ``pymongo`` (extra ``[mongodb]``) only for the collection object the
user passes in; this module does not import it.
"""

from __future__ import annotations

from typing import Any

from ..data_types.synced_collection import SyncedCollection
from ..data_types.synced_dict import SyncedDict
from ..data_types.synced_list import SyncedList
from ..validators import json_format_validator


class MongoDBCollection(SyncedCollection):
    """A :class:`~.SyncedCollection` that synchronizes with a MongoDB document.

    In MongoDB a database holds **collections** of **documents** (JSON-like
    BSON objects). Each ``MongoDBCollection`` is stored as one document in the
    MongoDB collection given by the user: the document consists of the ``uid``
    mapping, which identifies it, plus the key ``"data"`` holding the synced
    data.

    **Thread safety.** The ``MongoDBCollection`` is not thread-safe.

    Parameters
    ----------
    collection : pymongo.collection.Collection
        The MongoDB collection in which to store data.
    uid : dict
        The unique key-value mapping added to the document so that it is
        uniquely identifiable in the MongoDB collection. The key ``"data"`` is
        reserved and may not be part of the uid.
    parent : MongoDBCollection, optional
        The collection within which this one is nested (Default value = None).
    *args
        Positional arguments forwarded to parent constructors.
    **kwargs
        Keyword arguments forwarded to parent constructors.

    Warnings
    --------
    The user is responsible for providing a unique id: several
    ``MongoDBCollection`` objects with the same uid share one document.
    """

    _backend = __name__
    _validators = (json_format_validator,)

    def __init__(self, collection: Any = None, uid: dict[str, Any] | None = None, *args, **kwargs):
        if uid is not None and "data" in uid:
            raise ValueError("The key 'data' is reserved and may not be part of the uid.")
        self._collection = collection
        self._uid: Any = None if uid is None else dict(uid)
        super().__init__(*args, **kwargs)
        if self._parent is None and (collection is None or uid is None):
            raise ValueError(f"{type(self).__name__} requires a collection and a uid, or a parent.")

    @property
    def collection(self) -> Any:
        """pymongo.collection.Collection: Get the collection being synced to."""
        return self._top._collection

    @property
    def uid(self) -> dict[str, Any]:
        """dict: Get the unique mapping used to identify this collection."""
        return dict(self._top._uid)

    def _load_from_resource(self) -> Any:
        document = self._collection.find_one(self._uid)
        if document is None:
            return None
        return document["data"]

    def _save_to_resource(self) -> None:
        document = {**self._uid, "data": self._to_base()}
        self._collection.replace_one(self._uid, document, upsert=True)


class MongoDBDict(MongoDBCollection, SyncedDict):
    r"""A dict-like data structure that synchronizes with a document in a MongoDB collection.

    Examples
    --------
    >>> doc = MongoDBDict(client.db.collection, {"name": "data"})
    >>> doc['foo'] = "bar"
    >>> assert doc['foo'] == "bar"
    >>> doc['foo'] = dict(bar=True)
    >>> doc
    {'foo': {'bar': True}}

    Parameters
    ----------
    collection : pymongo.collection.Collection, optional
        The MongoDB collection (Default value = None).
    uid : dict, optional
        The unique key-value mapping identifying the collection (Default value = None).
    data : collections.abc.Mapping, optional
        The initial data. If None, defaults to ``{}`` (Default value = None).
    parent : MongoDBCollection, optional
        A parent instance of MongoDBCollection or None (Default value = None).
    \*args
        Positional arguments forwarded to parent constructors.
    \*\*kwargs
        Keyword arguments forwarded to parent constructors.

    Warnings
    --------
    Copies of a ``MongoDBDict`` modify the same document. Call the object
    (``doc()``) for a plain ``dict`` copy.
    """

    def __init__(self, collection=None, uid=None, data=None, parent=None, *args, **kwargs):
        super().__init__(collection, uid, *args, data=data, parent=parent, **kwargs)


class MongoDBList(MongoDBCollection, SyncedList):
    r"""A list-like data structure that synchronizes with a document in a MongoDB collection.

    Only non-string sequences are supported by this class.

    Examples
    --------
    >>> synced_list = MongoDBList(client.db.collection, {"name": "data"})
    >>> synced_list.append("bar")
    >>> assert synced_list[0] == "bar"

    Parameters
    ----------
    collection : pymongo.collection.Collection, optional
        The MongoDB collection (Default value = None).
    uid : dict, optional
        The unique key-value mapping identifying the collection (Default value = None).
    data : non-str collections.abc.Sequence, optional
        The initial data. If None, defaults to ``[]`` (Default value = None).
    parent : MongoDBCollection, optional
        A parent instance of MongoDBCollection or None (Default value = None).
    \*args
        Positional arguments forwarded to parent constructors.
    \*\*kwargs
        Keyword arguments forwarded to parent constructors.
    """

    def __init__(self, collection=None, uid=None, data=None, parent=None, *args, **kwargs):
        super().__init__(collection, uid, *args, data=data, parent=parent, **kwargs)


__all__ = ["MongoDBCollection", "MongoDBDict", "MongoDBList"]
