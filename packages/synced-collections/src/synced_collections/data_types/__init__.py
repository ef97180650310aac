"""Concrete collection types: dict-, list- and attribute-dict-like synced collections."""

from .attr_dict import AttrDict
from .synced_collection import SyncedCollection
from .synced_dict import SyncedDict
from .synced_list import SyncedList

__all__ = ["AttrDict", "SyncedCollection", "SyncedDict", "SyncedList"]
