"""The installed distribution matches its source: version, typing marker."""

from importlib import metadata, resources

import signac_collection


def test_version_matches_distribution_metadata():
    assert signac_collection.__version__ == metadata.version("signac-collection")


def test_package_is_typed():
    assert resources.files("signac_collection").joinpath("py.typed").is_file()
