import os

import pytest

import signac_core


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Never read the user's ~/.signacrc; start every test in a fresh directory."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    yield home


@pytest.fixture
def project(tmp_path):
    return signac_core.init_project("test-project", root=str(tmp_path / "project"))


@pytest.fixture
def filled(project):
    """A project with 10 jobs: {'a': i, 'b': {'c': i % 2}, 'const': 0}."""
    for i in range(10):
        project.open_job({"a": i, "b": {"c": i % 2}, "const": 0}).init()
    return project


def manifest(job):
    with open(os.path.join(job.workspace(), "signac_statepoint.json")) as file:
        return file.read()
