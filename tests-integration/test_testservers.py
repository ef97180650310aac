"""The server fixtures fail (not skip) under CI=true when a server cannot run."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _pytest(args, env_changes, tmp_path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", *args],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )  # fmt: skip


@pytest.fixture
def redis_test(tmp_path):
    pytest.importorskip("signac_testservers", reason="the test-server plugin is what is tested")
    path = tmp_path / "test_redis_fixture.py"
    path.write_text(
        textwrap.dedent("def test_uses_redis(redis_server):\n    assert redis_server.port\n")
    )
    return path


def _path_without_redis() -> str:
    return str(Path(sys.executable).parent)  # the venv's bin: python, pytest, no redis-server


def test_missing_redis_server_fails_under_ci(redis_test, tmp_path):
    result = _pytest([str(redis_test)], {"PATH": _path_without_redis(), "CI": "true"}, tmp_path)
    assert result.returncode == 1, result.stdout
    assert "test server unavailable in CI: redis-server is not installed" in result.stdout


def test_missing_redis_server_skips_with_the_reason_elsewhere(redis_test, tmp_path):
    result = _pytest([str(redis_test)], {"PATH": _path_without_redis()}, tmp_path)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout and "redis-server is not installed" in result.stdout


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    command = next(
        line
        for line in readme.splitlines()
        if line.startswith("python3 -m venv") and "-t tests" in line
    )
    script = (ROOT / ".ci" / "run").read_text()
    venv, install, run = (part.strip() for part in command.split("&&"))
    assert venv in script
    assert (
        install.replace("pip install", "pip install -q --disable-pip-version-check") + " ruff"
        in script
    )
    assert f"\n{run}\n" in script
    assert "export CI=true" in script
    assert ".tools/bin/nox -s lint build typecheck" in script
