"""Fixtures of the signac-cli tests: run the real ``signac`` command in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

#: The console script installed beside this interpreter.
SIGNAC = shutil.which("signac", path=os.path.dirname(sys.executable)) or "signac"


def clean_env(home: Path) -> dict[str, str]:
    """The environment of every command: no ``SIGNAC_*``, an empty home, fixed width."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIGNAC_")}
    env.pop("PYTHONWARNINGS", None)
    env.update(HOME=str(home), COLUMNS="100", LANG="C.UTF-8")
    return env


@dataclass
class Result:
    """What one run of the command did."""

    exit: int
    stdout: str
    stderr: str


class Runner:
    """Run ``signac ARGS`` with a working directory, stdin and a clean home."""

    def __init__(self, home: Path, cwd: Path):
        self.home = home
        self.cwd = cwd
        self.env = clean_env(home)
        self.ids: list[str] = []

    def __call__(
        self, *args: str, cwd: Path | str | None = None, stdin: str | None = None, timeout=60
    ) -> Result:
        proc = subprocess.run(
            [SIGNAC, *args],
            cwd=cwd or self.cwd,
            input="" if stdin is None else stdin,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=timeout,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    def ok(self, *args: str, **kwargs) -> Result:
        """Run and require exit code 0."""
        result = self(*args, **kwargs)
        assert result.exit == 0, (result.stdout, result.stderr)
        return result


@pytest.fixture
def signac(tmp_path: Path) -> Runner:
    """A runner in an empty directory with an empty home directory."""
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    return Runner(home, work)


def make_jobs(root: Path | str, statepoints, docs=None) -> list[str]:
    """Create jobs with the Python API (fast setup; the command under test runs apart)."""
    from signac_core import get_project

    project = get_project(root=str(root))
    ids = []
    for i, sp in enumerate(statepoints):
        job = project.open_job(sp).init()
        if docs is not None and docs[i]:
            job.document.update(docs[i])
        ids.append(job.id)
    return ids


#: The jobs of the ``project`` fixture.
STATEPOINTS = [{"a": 0, "b": "x"}, {"a": 1, "b": "x"}, {"a": 2, "b": "y", "c": {"d": 1}}]
DOCUMENTS = [{"score": 1, "tag": "foo"}, {}, {"score": 3}]


@pytest.fixture
def project(signac: Runner) -> Runner:
    """A runner inside an initialized project ``test`` with three jobs."""
    signac.ok("init", "test")
    signac.ids = make_jobs(signac.cwd, STATEPOINTS, DOCUMENTS)
    return signac


@pytest.fixture
def jobs():
    """:func:`make_jobs`."""
    return make_jobs


def job_id(runner: Runner, sp: dict) -> str:
    """The id of the job with state point ``sp`` (through ``signac job``)."""
    return runner.ok("job", json.dumps(sp)).stdout.strip()


@pytest.fixture(scope="session")
def make_env():
    """:func:`clean_env` for tests that run the command themselves."""
    return clean_env
