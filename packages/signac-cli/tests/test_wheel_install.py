"""Acceptance: the signac-cli wheel works with only signac-core (and its deps) installed.

Builds the wheels of signac-cli and of the siblings it needs from this checkout
into a temporary directory, installs them by path into a new virtual
environment (third-party dependencies such as configobj come from the package
index as usual; none of our names ever does), and runs the command there.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

PACKAGES = Path(__file__).resolve().parents[2]
#: signac-cli and the closure of its declared siblings.
CLOSURE = ("signac-cli", "signac-core", "synced-collections", "signac-collection")

pytestmark = [
    pytest.mark.wheel,
    pytest.mark.skipif(shutil.which("uv") is None, reason="needs uv"),
    # tests-signac-cli runs it from the checkout; an unpacked sdist has no sibling sources.
    pytest.mark.skipif(
        not all((PACKAGES / name / "pyproject.toml").exists() for name in CLOSURE),
        reason="builds the sibling wheels from the monorepo checkout (not in an sdist)",
    ),
]


def _run(*args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=300, **kwargs)


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    wheels = tmp / "wheels"
    for name in CLOSURE:
        _run("uv", "build", "--wheel", "-q", "-o", str(wheels), str(PACKAGES / name))
    env_dir = tmp / "venv"
    _run("uv", "venv", "-q", str(env_dir))
    python = env_dir / "bin" / "python"
    _run("uv", "pip", "install", "-q", "--python", str(python), *map(str, wheels.glob("*.whl")))
    return env_dir


def test_only_the_closure_of_signac_core_is_installed(venv):
    listing = _run(
        "uv", "pip", "list", "--format", "json", "--python", str(venv / "bin" / "python")
    )
    names = {item["name"] for item in json.loads(listing.stdout)}
    assert set(CLOSURE) <= names
    assert "signac" not in names and "signac-h5store" not in names


def test_init_job_find_schema(venv, tmp_path, make_env):
    signac = str(venv / "bin" / "signac")
    home = tmp_path / "home"
    home.mkdir()
    env = make_env(home)
    env.pop("VIRTUAL_ENV", None)

    def run(*args):
        return _run(signac, *args, cwd=tmp_path, env=env)

    assert run("init", "wheel").stderr == "Initialized project 'wheel'.\n"
    job_id = run("job", "-c", '{"a": 1}').stdout.strip()
    run("job", "-c", '{"a": 2}')
    found = run("find", "a", "1")
    assert found.stdout == f"{job_id}\n"
    schema = run("schema").stdout
    assert schema.startswith("{\n") and schema.endswith("}\n")
    assert "'a': 'int([1, 2], 2)'," in schema
