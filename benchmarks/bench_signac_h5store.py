"""Benchmark H5Store against bare h5py (the floor).

Writes and reads 100 arrays of 10**5 float64 values and 10,000 small scalars,
through an open H5Store and through an open h5py.File; plus 1,000 scalars
through a *closed* H5Store (each operation opens and closes the file) beside
h5py opening the file for each operation. Prints a table; best of 3 runs.

Run: python benchmarks/bench_signac_h5store.py
"""

from __future__ import annotations

import os
import tempfile
import time

import h5py
import numpy as np
from signac_h5store import H5Store

N_ARRAYS, ARRAY_SIZE = 100, 10**5
N_SCALARS = 10_000
N_CLOSED = 1_000
REPEAT = 3


def best(function, setup=None):
    times = []
    for _ in range(REPEAT):
        if setup is not None:
            setup()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    arrays = [np.random.default_rng(i).random(ARRAY_SIZE) for i in range(N_ARRAYS)]
    scalars = [float(i) * 0.5 for i in range(N_SCALARS)]
    with tempfile.TemporaryDirectory() as tmp:
        fn = os.path.join(tmp, "bench.h5")

        def fresh():
            if os.path.exists(fn):
                os.unlink(fn)

        # ---- arrays
        def h5py_write_arrays():
            with h5py.File(fn, "a") as f:
                for i, a in enumerate(arrays):
                    f[f"a{i}"] = a

        def store_write_arrays():
            with H5Store(fn) as h5s:
                for i, a in enumerate(arrays):
                    h5s[f"a{i}"] = a

        def h5py_read_arrays():
            with h5py.File(fn, "r") as f:
                for i in range(N_ARRAYS):
                    assert f[f"a{i}"][()].shape == (ARRAY_SIZE,)

        def store_read_arrays():
            with H5Store(fn).open(mode="r") as h5s:
                for i in range(N_ARRAYS):
                    assert h5s[f"a{i}"][()].shape == (ARRAY_SIZE,)

        # ---- scalars, open file
        def h5py_write_scalars():
            with h5py.File(fn, "a") as f:
                for i, x in enumerate(scalars):
                    f[f"s{i}"] = x

        def store_write_scalars():
            with H5Store(fn) as h5s:
                for i, x in enumerate(scalars):
                    h5s[f"s{i}"] = x

        def h5py_read_scalars():
            with h5py.File(fn, "r") as f:
                for i in range(N_SCALARS):
                    float(f[f"s{i}"][()])

        def store_read_scalars():
            with H5Store(fn).open(mode="r") as h5s:
                for i in range(N_SCALARS):
                    h5s[f"s{i}"]

        # ---- scalars, file opened per operation
        def h5py_write_closed():
            for i in range(N_CLOSED):
                with h5py.File(fn, "a") as f:
                    f[f"c{i}"] = scalars[i]

        def store_write_closed():
            h5s = H5Store(fn)
            for i in range(N_CLOSED):
                h5s[f"c{i}"] = scalars[i]

        def h5py_read_closed():
            for i in range(N_CLOSED):
                with h5py.File(fn, "r") as f:
                    float(f[f"c{i}"][()])

        def store_read_closed():
            h5s = H5Store(fn)
            for i in range(N_CLOSED):
                h5s[f"c{i}"]

        rows = []
        mb = N_ARRAYS * ARRAY_SIZE * 8 / 1e6
        for label, floor, ours, setup in [
            (
                f"write {N_ARRAYS} arrays of 1e5 float64 ({mb:.0f} MB)",
                h5py_write_arrays,
                store_write_arrays,
                fresh,
            ),
            (
                f"read  {N_ARRAYS} arrays of 1e5 float64 ({mb:.0f} MB)",
                h5py_read_arrays,
                store_read_arrays,
                None,
            ),
            (
                f"write {N_SCALARS:,} scalars, open file",
                h5py_write_scalars,
                store_write_scalars,
                fresh,
            ),
            (
                f"read  {N_SCALARS:,} scalars, open file",
                h5py_read_scalars,
                store_read_scalars,
                None,
            ),
            (
                f"write {N_CLOSED:,} scalars, open/close each",
                h5py_write_closed,
                store_write_closed,
                fresh,
            ),
            (
                f"read  {N_CLOSED:,} scalars, open/close each",
                h5py_read_closed,
                store_read_closed,
                None,
            ),
        ]:
            t_floor = best(floor, setup)
            t_ours = best(ours, setup)
            rows.append((label, t_floor, t_ours))
            if setup is not None:  # a write row: leave its data for the read row after it
                fresh()
                floor()

    width = max(len(r[0]) for r in rows)
    print(
        f"signac-h5store benchmark (h5py {h5py.__version__}, HDF5 {h5py.version.hdf5_version}, numpy {np.__version__}); best of {REPEAT}"
    )
    print(f"{'operation':<{width}}  {'h5py (floor)':>12}  {'H5Store':>10}  {'ratio':>6}")
    for label, t_floor, t_ours in rows:
        print(f"{label:<{width}}  {t_floor:>10.3f} s  {t_ours:>8.3f} s  {t_ours / t_floor:>5.2f}x")


if __name__ == "__main__":
    main()
