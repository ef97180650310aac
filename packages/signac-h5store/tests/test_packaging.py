"""The installed distribution matches its source: version, typing marker."""

from importlib import metadata, resources

import signac_h5store


def test_version_matches_distribution_metadata():
    assert signac_h5store.__version__ == metadata.version("signac-h5store")


def test_package_is_typed():
    assert resources.files("signac_h5store").joinpath("py.typed").is_file()
