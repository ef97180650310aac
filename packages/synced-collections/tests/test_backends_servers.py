"""The contract suite and stateful tests for the MongoDB and Redis backends (real servers)."""

import uuid

import pymongo
import pytest
import redis
from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test

from synced_collections.backends.collection_mongodb import MongoDBDict, MongoDBList
from synced_collections.backends.collection_redis import RedisDict, RedisList
from synced_collections.testing import (
    SyncedDictTest,
    SyncedListTest,
    make_dict_state_machine,
    make_list_state_machine,
)

# mongoeco answers in milliseconds, not microseconds: fewer, shorter runs.
MONGO_SETTINGS = settings(max_examples=6, stateful_step_count=10, deadline=None)


@pytest.fixture(scope="module")
def mongo_collection(mongo_server):
    client = pymongo.MongoClient(mongo_server.uri, serverSelectionTimeoutMS=20000)
    collection = client["synced_collections_test"][f"c{uuid.uuid4().hex}"]
    yield collection
    client.close()


@pytest.fixture(scope="module")
def redis_client(redis_server):
    client = redis.Redis.from_url(redis_server.url)
    yield client
    client.close()


class MongoMixin:
    collection_type: type
    pickleable = False

    @pytest.fixture
    def synced_collection(self, mongo_collection):
        return self.collection_type(mongo_collection, {"test": uuid.uuid4().hex})

    def reopen(self, collection):
        return type(collection._top)(collection.collection, collection.uid)

    def construct(self, collection, data):
        return type(collection._top)(collection.collection, collection.uid, data=data)


class TestMongoDBDict(MongoMixin, SyncedDictTest):
    collection_type = MongoDBDict

    def test_document_layout(self, synced_collection):
        synced_collection["a"] = {"b": 1}
        document = synced_collection.collection.find_one(synced_collection.uid)
        assert document["data"] == {"a": {"b": 1}}
        assert document["test"] == synced_collection.uid["test"]

    def test_reserved_data_key(self, mongo_collection):
        with pytest.raises(ValueError, match="reserved"):
            MongoDBDict(mongo_collection, {"data": 1})
        with pytest.raises(ValueError):
            MongoDBDict()


class TestMongoDBList(MongoMixin, SyncedListTest):
    collection_type = MongoDBList


class RedisMixin:
    collection_type: type
    pickleable = False

    @pytest.fixture
    def synced_collection(self, redis_client):
        return self.collection_type(redis_client, f"test-{uuid.uuid4().hex}")

    def reopen(self, collection):
        return type(collection._top)(collection.client, collection.key)

    def construct(self, collection, data):
        return type(collection._top)(collection.client, collection.key, data=data)


class TestRedisDict(RedisMixin, SyncedDictTest):
    collection_type = RedisDict

    def test_stored_as_json(self, synced_collection):
        synced_collection["a"] = [1, {"b": None}]
        assert synced_collection.client.get(synced_collection.key) == b'{"a": [1, {"b": null}]}'
        with pytest.raises(ValueError):
            RedisDict()


class TestRedisList(RedisMixin, SyncedListTest):
    collection_type = RedisList


def test_mongodb_stateful(mongo_collection):
    def factory():
        return MongoDBDict(mongo_collection, {"stateful": uuid.uuid4().hex})

    def reopen(collection):
        return MongoDBDict(collection.collection, collection.uid)

    run_state_machine_as_test(make_dict_state_machine(factory, reopen), settings=MONGO_SETTINGS)

    def list_factory():
        return MongoDBList(mongo_collection, {"stateful": uuid.uuid4().hex})

    def list_reopen(collection):
        return MongoDBList(collection.collection, collection.uid)

    run_state_machine_as_test(
        make_list_state_machine(list_factory, list_reopen), settings=MONGO_SETTINGS
    )


def test_redis_stateful(redis_client):
    def factory():
        return RedisDict(redis_client, f"stateful-{uuid.uuid4().hex}")

    def reopen(collection):
        return RedisDict(collection.client, collection.key)

    run_state_machine_as_test(make_dict_state_machine(factory, reopen))

    def list_factory():
        return RedisList(redis_client, f"stateful-{uuid.uuid4().hex}")

    def list_reopen(collection):
        return RedisList(collection.client, collection.key)

    run_state_machine_as_test(make_list_state_machine(list_factory, list_reopen))
