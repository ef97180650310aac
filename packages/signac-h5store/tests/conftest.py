import pytest

from signac_h5store import H5Store, H5StoreManager


@pytest.fixture
def filename(tmp_path):
    return str(tmp_path / "store.h5")


@pytest.fixture
def h5s(filename):
    return H5Store(filename)


@pytest.fixture
def stores(tmp_path):
    return H5StoreManager(str(tmp_path))


def _file_bytes(path):
    with open(path, "rb") as file:
        return file.read()


@pytest.fixture
def file_bytes():
    """Return the bytes of a file (to check that it is unchanged)."""
    return _file_bytes
