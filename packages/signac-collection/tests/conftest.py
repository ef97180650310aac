"""Fixtures shared by the signac-collection tests."""

import os

import pytest


# -- server fixtures when the development-only test-server plugin is absent
# (e.g. tests run from the sdist alone): skip with the reason, fail under CI=true.
class _AbsentTestServers:
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
    def redis_server(cls):
        cls._absent("redis_server")

    @pytest.fixture(scope="session")
    @classmethod
    def mongo_server(cls):
        cls._absent("mongo_server")


def pytest_configure(config):
    if not config.pluginmanager.hasplugin("signac_testservers"):
        config.pluginmanager.register(_AbsentTestServers(), "absent-signac-testservers")
