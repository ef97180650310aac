"""Optional dependencies, with errors that say which extra to install."""

from __future__ import annotations

from types import ModuleType


def require_h5store() -> ModuleType:
    """Return :mod:`signac_h5store` or raise an ImportError naming the extra."""
    try:
        import signac_h5store
    except ImportError as error:
        raise ImportError(
            "HDF5 stores (job.data, job.stores, project.data, project.stores) need the "
            "signac-h5store package and h5py: pip install signac-core[h5] (with the signac "
            "meta-package: pip install 'signac[h5]')"
        ) from error
    return signac_h5store


def require_pandas() -> ModuleType:
    """Return :mod:`pandas` or raise an ImportError naming the extra."""
    try:
        import pandas
    except ImportError as error:
        raise ImportError(
            "to_dataframe() needs pandas: pip install signac-core[pandas] (with the signac "
            "meta-package: pip install 'signac[pandas]')"
        ) from error
    return pandas


def require_pymongo() -> ModuleType:
    """Return :mod:`pymongo` or raise an ImportError naming the extra."""
    try:
        import pymongo
    except ImportError as error:
        raise ImportError(
            "MongoDB database access (get_database) needs pymongo: "
            "pip install signac[mongodb] (or signac-core[mongodb])"
        ) from error
    return pymongo
