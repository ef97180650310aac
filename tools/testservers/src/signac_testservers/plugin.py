"""pytest plugin: session-scoped ``redis_server`` and ``mongo_server`` fixtures.

With ``CI=true`` a server that cannot be started fails the test; elsewhere the
test is skipped with the reason.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest

from ._servers import MongoServer, RedisServer, ServerUnavailable, start_mongoeco, start_redis

T = TypeVar("T", RedisServer, MongoServer)


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _serve(start: Callable[[], T]) -> Iterator[T]:
    try:
        server = start()
    except ServerUnavailable as error:
        if _in_ci():
            pytest.fail(f"test server unavailable in CI: {error}")
        pytest.skip(f"test server unavailable: {error}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A real ``redis-server`` on a free loopback port, for the whole session."""
    yield from _serve(start_redis)


@pytest.fixture(scope="session")
def mongo_server() -> Iterator[MongoServer]:
    """A real mongoeco wire-protocol server on a free loopback port."""
    yield from _serve(start_mongoeco)
