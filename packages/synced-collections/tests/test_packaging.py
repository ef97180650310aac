"""The installed distribution matches its source: version, typing marker."""

from importlib import metadata, resources

import synced_collections


def test_version_matches_distribution_metadata():
    assert synced_collections.__version__ == metadata.version("synced-collections")


def test_package_is_typed():
    assert resources.files("synced_collections").joinpath("py.typed").is_file()


def test_no_signac_or_optional_dependency_is_imported():
    import subprocess
    import sys

    code = (
        "import sys, synced_collections, synced_collections.backends.collection_json, "
        "synced_collections.backends.collection_zarr, synced_collections.backends.collection_redis, "
        "synced_collections.backends.collection_mongodb, synced_collections.validators;"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('signac', 'signac_core', 'numpy', 'zarr', 'pymongo', 'redis', 'numcodecs')];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
