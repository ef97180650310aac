"""``job.data = ...``, ``job.stores[k] = ...`` and ``project.data = ...`` go through H5StoreManager.

signac 1.7 consumes the value like ``dict.update`` into a temporary store that is renamed
into place (issue 10, fact 12); signac-h5store tests the details, this shows the wiring.
"""

import os

import pytest

pytest.importorskip("signac_h5store")


def _listing(path):
    """The files in ``path`` and their bytes."""
    listing = {}
    for entry in sorted(os.scandir(path), key=lambda entry: entry.name):
        if entry.is_file():
            with open(entry.path, "rb") as file:
                listing[entry.name] = file.read()
    return listing


def test_job_data_assignment(project):
    job = project.open_job({"a": 1}).init()
    job.data = {"x": 1, "g": {"y": 2}}
    assert job.data == {"x": 1, "g": {"y": 2}}
    job.data = [("z", 3)]  # pairs, like dict.update
    assert job.data == {"z": 3}
    job.stores["other"] = {"w": 4}
    assert job.stores.other == {"w": 4} and job.isfile("other.h5")
    before = _listing(job.workspace())
    for value, error in [({}, ValueError), ("abc", ValueError), (True, TypeError)]:
        with pytest.raises(error):
            job.data = value
        with pytest.raises(error):
            job.stores["other"] = value
    assert _listing(job.workspace()) == before


def test_project_data_assignment(project):
    project.data = {"n": 1}
    assert project.data == {"n": 1} and project.isfile("signac_data.h5")
    before = _listing(project.root_directory())
    with pytest.raises(TypeError):
        project.data = None
    with pytest.raises(ValueError):
        project.data = []
    assert _listing(project.root_directory()) == before and project.data == {"n": 1}
