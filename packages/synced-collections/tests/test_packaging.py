"""The installed distribution matches its source: version, typing marker."""

from importlib import metadata, resources

import synced_collections


def test_version_matches_distribution_metadata():
    assert synced_collections.__version__ == metadata.version("synced-collections")


def test_package_is_typed():
    assert resources.files("synced_collections").joinpath("py.typed").is_file()
