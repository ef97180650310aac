"""Without the test-server plugin (tests run from the sdist alone) server tests skip, saying so."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SERVER_TESTS = Path(__file__).with_name("test_servers.py")


@pytest.mark.parametrize("ci, outcome", [("", "2 skipped"), ("true", "2 error")])
def test_without_the_plugin_server_tests_skip_or_fail_under_ci(tmp_path, ci, outcome):
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = ci
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
         "-p", "no:signac_testservers", str(SERVER_TESTS)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert outcome in result.stdout, result.stdout + result.stderr
    assert "needs the test-server plugin" in result.stdout
