"""The installed distribution matches its source: version, typing marker."""

from importlib import metadata, resources

import signac_cli


def test_version_matches_distribution_metadata():
    assert signac_cli.__version__ == metadata.version("signac-cli")


def test_package_is_typed():
    assert resources.files("signac_cli").joinpath("py.typed").is_file()
