"""Reusable contract tests for synced collection backends.

Every backend's test module subclasses these classes and provides:

- a pytest fixture ``synced_collection`` returning a new, empty collection of
  the type under test, on a fresh resource;
- a method ``reopen(self, collection)`` returning a *new* instance bound to the
  same resource (it must read the resource, not share memory);
- optionally ``snapshot(self, collection)``, returning something that changes
  whenever the resource changes (default: the data read by a reopened
  instance); file backends return the file's bytes.

``make_dict_state_machine`` and ``make_list_state_machine`` build hypothesis
stateful tests that run random operations on a synced collection and a plain
Python object and check that they agree, also after reopening.
``register_absent_test_servers`` (called from ``pytest_configure``) gives the
``redis_server`` and ``mongo_server`` fixtures a skipping stand-in when the
test-server plugin is not installed.

Example
-------
::

    class TestJSONDict(SyncedDictTest):
        @pytest.fixture
        def synced_collection(self, tmp_path):
            return JSONDict(tmp_path / "doc.json")

        def reopen(self, collection):
            return JSONDict(collection.filename)
"""

from ._contract import AttrDictTest, SyncedCollectionTest, SyncedDictTest, SyncedListTest
from ._servers import register_absent_test_servers
from ._stateful import make_dict_state_machine, make_list_state_machine

__all__ = [
    "AttrDictTest",
    "SyncedCollectionTest",
    "SyncedDictTest",
    "SyncedListTest",
    "make_dict_state_machine",
    "make_list_state_machine",
    "register_absent_test_servers",
]
