"""Fixtures shared by the synced-collections tests."""

import os

from hypothesis import HealthCheck, settings

# Moderate example counts: the machine is shared by several agents.
settings.register_profile(
    "synced-collections",
    max_examples=int(os.environ.get("SC_HYPOTHESIS_EXAMPLES", "20")),
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.load_profile("synced-collections")
