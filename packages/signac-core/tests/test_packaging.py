"""The installed distribution matches its source: version, typing marker."""

from importlib import metadata, resources

import signac_core


def test_version_matches_distribution_metadata():
    assert signac_core.__version__ == metadata.version("signac-core")


def test_package_is_typed():
    assert resources.files("signac_core").joinpath("py.typed").is_file()
