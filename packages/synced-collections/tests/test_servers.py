"""Round trips through the real test servers that the backends run against."""

import pymongo
import redis


def test_redis_server_round_trip(redis_server):
    client = redis.Redis.from_url(redis_server.url)
    client.set("signac-test", b'{"a": 1}')
    assert client.get("signac-test") == b'{"a": 1}'
    assert client.config_get("save")["save"] == ""  # no persistence


def test_mongoeco_server_round_trip(mongo_server):
    client = pymongo.MongoClient(mongo_server.uri, serverSelectionTimeoutMS=20000)
    collection = client["signac_test"]["round_trip"]
    collection.insert_one({"_id": "x", "data": {"a": [1, 2, 3]}})
    assert collection.find_one({"_id": "x"})["data"] == {"a": [1, 2, 3]}
    assert collection.count_documents({"data.a": 2}) == 1
    client.close()
