"""Fixtures shared by the signac-collection tests."""

from synced_collections.testing import register_absent_test_servers


def pytest_configure(config):
    # redis_server / mongo_server skip when the test-server plugin is absent (e.g. from the sdist).
    register_absent_test_servers(config)
