"""Fixtures shared by the synced-collections tests."""

import os

from hypothesis import HealthCheck, settings

from synced_collections.testing import register_absent_test_servers

# Moderate example counts: the machine is shared by several agents.
settings.register_profile(
    "synced-collections",
    max_examples=int(os.environ.get("SC_HYPOTHESIS_EXAMPLES", "20")),
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.load_profile("synced-collections")


def pytest_configure(config):
    # redis_server / mongo_server skip when the test-server plugin is absent (e.g. from the sdist).
    register_absent_test_servers(config)
