"""The installed distribution matches its source: version, typing marker."""

from importlib import metadata, resources

import signac


def test_version_matches_distribution_metadata():
    assert signac.__version__ == metadata.version("signac")


def test_package_is_typed():
    assert resources.files("signac").joinpath("py.typed").is_file()
