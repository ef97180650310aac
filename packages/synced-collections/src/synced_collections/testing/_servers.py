"""Server fixtures for test suites that run without the test-server plugin."""

from __future__ import annotations

import os
from typing import Any

import pytest


class _AbsentTestServers:
    """``redis_server`` and ``mongo_server`` fixtures that skip (and fail under ``CI=true``)."""

    @staticmethod
    def _absent(name: str) -> None:
        reason = (
            f"{name} needs the test-server plugin (signac-testservers, in tools/testservers "
            "of the signac monorepo), which is not installed"
        )
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"test server unavailable in CI: {reason}")
        pytest.skip(reason)

    @pytest.fixture(scope="session")
    @classmethod
    def redis_server(cls) -> None:
        cls._absent("redis_server")

    @pytest.fixture(scope="session")
    @classmethod
    def mongo_server(cls) -> None:
        cls._absent("mongo_server")


def register_absent_test_servers(config: Any) -> None:
    """Stand in for the test-server plugin when it is not installed (call from ``pytest_configure``).

    The development-only plugin ``signac_testservers`` provides the
    ``redis_server`` and ``mongo_server`` fixtures; without it (e.g. tests run
    from an sdist alone) these fixtures skip the test with the reason, and
    fail it when the environment variable ``CI`` is true.

    Parameters
    ----------
    config : pytest.Config
        The configuration passed to ``pytest_configure``.
    """
    if not config.pluginmanager.hasplugin("signac_testservers"):
        config.pluginmanager.register(_AbsentTestServers(), "absent-signac-testservers")
