import os

import pytest

import signac_core

#: Job ids of the documentation (on-disk-format.md): (state point, id).
SPEC_IDS = [
    ({"constant": 42, "diff1": 0, "diff2": 1}, "c4af2b26f1fd256d70799ad3ce3bdad0"),
    ({"constant": 42, "diff1": 1, "diff2": 1}, "b96b21fada698f8934d58359c72755c0"),
    ({"constant": 42, "diff1": 2, "diff2": 2}, "e4289419d2b0e57e4852d44a09f167c0"),
    ({"a": 0, "b": {"c": 0}}, "4e9a45a922eae6bb5d144b36d82526e4"),
    ({"a": 1, "b": {"c": 1}}, "d49c6609da84251ab096654971115d0c"),
]


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
