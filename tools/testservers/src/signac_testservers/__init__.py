"""Real test servers (redis-server, mongoeco) for the signac monorepo's tests.

Development only; never released. Installed into test sessions by ``noxfile.py``;
its pytest plugin provides the fixtures ``redis_server`` and ``mongo_server``.
"""

from ._servers import (
    MongoServer,
    RedisServer,
    ServerUnavailable,
    mongoeco_python,
    start_mongoeco,
    start_redis,
)

__all__ = [
    "MongoServer",
    "RedisServer",
    "ServerUnavailable",
    "mongoeco_python",
    "start_mongoeco",
    "start_redis",
]
