"""Benchmark of signac-core's workspace index (issue 16): each workload beside its floor.

For each N and each file system (a tmpfs, ``/dev/shm``, and the disk, the
system's temporary directory) one project is made with N jobs (state point
``{"a": i, "b": {"c": i % 10}, "name": ...}``, document ``{"d0": i % 3, ...}``).
Every workload is then timed on a *fresh project handle* (made outside the
timing), three ways:

- ``floor``: plain ``os``/``json`` code over the same files (measured in this run);
- ``no index``: the index turned off (``SIGNAC_INDEX=off``): a full scan;
- ``indexed``: the index files present and current.

The 1.x cache file ``.signac_sp_cache.json.gz`` is removed before every
timing, so neither column profits from it. Targets (x floor) are those of
issue 16. Costs are O(N K): a row that grows faster than N shows up as a
ratio that grows with N.

Usage::

    python benchmarks/bench_index.py [N ...]     # default: 10000
    SIGNAC_BENCH_N=10000,100000 python benchmarks/bench_index.py
    SIGNAC_BENCH_FS=/dev/shm python benchmarks/bench_index.py   # one file system only
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import sys
import tempfile
import time

import signac_core
from _floors import floor_create, floor_len

DEFAULT_N = (10_000,)
FN_SP = "signac_statepoint.json"
FN_DOC = "signac_job_document.json"


def statepoint(i: int) -> dict:
    return {"a": i, "b": {"c": i % 10}, "name": f"job{i}"}


def document(i: int) -> dict:
    return {"d0": i % 3, "d1": f"value {i}", "d2": [i, i + 1]}


def timed(func, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


# -- floors: plain os/json over the project's files ------------------------------------------
def floor_ids(wd: str) -> list:
    with os.scandir(wd) as entries:
        return [entry.name for entry in entries if entry.is_dir()]


def floor_statepoints(wd: str) -> dict:
    out = {}
    for name in os.listdir(wd):
        with open(f"{wd}/{name}/{FN_SP}", "rb") as file:
            out[name] = json.loads(file.read())
    return out


def floor_find_a3(wd: str) -> list:
    return [i for i, sp in floor_statepoints(wd).items() if sp.get("a") == 3]


def floor_open(wd: str, ids: list) -> None:
    for job_id in ids:
        os.path.exists(f"{wd}/{job_id}")


def floor_find_doc(wd: str) -> list:
    out = []
    for name in os.listdir(wd):
        try:
            with open(f"{wd}/{name}/{FN_DOC}", "rb") as file:
                doc = json.loads(file.read())
        except FileNotFoundError:
            continue
        if doc.get("d0") == 1:
            out.append(name)
    return out


def floor_schema(wd: str) -> dict:
    schema: dict = {}
    for sp in floor_statepoints(wd).values():
        for key, value in sp.items():
            schema.setdefault(key, set()).add(type(value).__name__)
    return schema


# -- the workloads ----------------------------------------------------------------------------
def count(cursor) -> int:
    """Iterate a cursor once (``list(cursor)`` would also call ``len(cursor)``: a second search)."""
    return sum(1 for _ in cursor)


def iterate_with_statepoints(project) -> None:
    for job in project:
        job.statepoint()


def workloads(n: int, ids: list) -> list:
    """(name, call on a project, floor call on the workspace, target x floor)."""
    return [
        ("len(project)", len, floor_len, 0.5),
        ("list ids", lambda p: [job.id for job in p], floor_ids, 1.5),
        ("iterate with state points", iterate_with_statepoints, floor_statepoints, 0.5),
        ('find_jobs({"a": 3})', lambda p: count(p.find_jobs({"a": 3})), floor_find_a3, 0.3),
        (
            "100 x open_job(id=)",
            lambda p: [p.open_job(id=i) for i in ids],
            lambda wd: floor_open(wd, ids),
            0.5,
        ),
        (
            'find_jobs({"doc.d0": 1})',
            lambda p: count(p.find_jobs({"doc.d0": 1})),
            floor_find_doc,
            1.0,
        ),
        ("detect_schema()", lambda p: p.detect_schema(), floor_schema, 0.6),
    ]


def _set_index(on: bool) -> None:
    if on:
        os.environ.pop("SIGNAC_INDEX", None)
    else:
        os.environ["SIGNAC_INDEX"] = "off"


def _remove_1x_cache(root: str) -> None:
    try:
        os.unlink(os.path.join(root, signac_core.Project.FN_CACHE))
    except FileNotFoundError:
        pass


def _settle_disk() -> None:
    """Write out what earlier steps left in the page cache, so each create starts alike."""
    if hasattr(os, "sync"):
        os.sync()


def run(n: int, base: str) -> list:
    root = os.path.join(base, f"project{n}")
    repeat = 3 if n <= 10_000 else 1
    rows = []

    _set_index(True)
    _settle_disk()
    t_floor = timed(lambda: floor_create(os.path.join(base, f"floor{n}"), n, statepoint, FN_SP))
    shutil.rmtree(os.path.join(base, f"floor{n}"))
    project = signac_core.init_project("bench", root=root)
    _settle_disk()  # the floor's files and their removal are written out first
    start = time.perf_counter()
    for i in range(n):
        project.open_job(statepoint(i)).init()
    t_create = time.perf_counter() - start
    rows.append(("create jobs", t_floor, t_create, None, 1.5))
    wd = project.workspace()
    for job in project.find_jobs():
        with open(os.path.join(job.workspace(), FN_DOC), "w") as file:
            file.write(json.dumps(document(job.sp.a)))
    sample = sorted(project._job_ids())[:: max(1, n // 100)][:100]
    time.sleep(0.1)  # leave the racy window of the last change

    def on_fresh_handle(call, index: bool) -> float:
        total = float("inf")
        for _ in range(repeat):
            _set_index(index)
            _remove_1x_cache(root)
            handle = signac_core.get_project(root)
            gc.collect()
            start = time.perf_counter()
            call(handle)
            total = min(total, time.perf_counter() - start)
        return total

    # Build the index once (a doc search and the schema read everything it holds).
    _set_index(True)
    warm = signac_core.get_project(root)
    t_build = timed(lambda: (len(warm.find_jobs({"doc.d0": 1})), warm.detect_schema()))
    rows.append(("build the index (doc search + schema, no index yet)", None, t_build, None, None))
    for name, call, floor, target in workloads(n, sample):
        t_floor = timed(lambda floor=floor: floor(wd), repeat)
        t_scan = on_fresh_handle(call, index=False)
        t_index = on_fresh_handle(call, index=True)
        rows.append((name, t_floor, t_scan, t_index, target))
    _set_index(True)
    shutil.rmtree(root, ignore_errors=True)
    return rows


def fmt(seconds) -> str:
    if seconds is None:
        return f"{'':>11}"
    if seconds < 1e-3:
        return f"{seconds * 1e6:8.0f} us"
    if seconds < 1:
        return f"{seconds * 1e3:8.1f} ms"
    return f"{seconds:8.2f} s "


def verdict(floor, value, target) -> str:
    if floor is None or value is None or target is None:
        return ""
    ratio = value / floor
    return f"{ratio:5.2f}x (target <= {target}x) " + ("ok" if ratio <= target else "MISSED")


def main(argv: list) -> int:
    if len(argv) > 1:
        sizes = [int(x) for x in argv[1:]]
    elif os.environ.get("SIGNAC_BENCH_N"):
        sizes = [int(x) for x in os.environ["SIGNAC_BENCH_N"].split(",")]
    else:
        sizes = list(DEFAULT_N)
    if os.environ.get("SIGNAC_BENCH_FS"):
        places = [os.environ["SIGNAC_BENCH_FS"]]
    else:
        places = [p for p in ("/dev/shm", tempfile.gettempdir()) if os.path.isdir(p)]
    print(f"signac-core {signac_core.__version__}: the workspace index against its floors")
    print("fresh project handle for every timing; no 1.x cache file; best of 3 for N <= 10,000")
    print(_load())
    for place in places:
        base = tempfile.mkdtemp(prefix="signac-bench-index-", dir=place)
        try:
            for n in sizes:
                print(f"\nN = {n:,} in {place}")
                print(
                    f"  {'workload':<52} {'floor':>11} {'no index':>11} {'indexed':>11}"
                    "   indexed / floor"
                )
                for name, floor, scan, index, target in run(n, base):
                    value = index if index is not None else scan
                    print(
                        f"  {name:<52} {fmt(floor)} {fmt(scan)} {fmt(index)}   "
                        f"{verdict(floor, value, target)}"
                    )
                sys.stdout.flush()
        finally:
            shutil.rmtree(base, ignore_errors=True)
        print(_load())
    return 0


def _load() -> str:
    """Return the load average, which moves every figure (the machine may be shared)."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:  # pragma: no cover - not available
        return "load average: unknown"
    return f"load average: {one:.2f}, {five:.2f}, {fifteen:.2f} ({os.cpu_count()} cores)"


if __name__ == "__main__":
    sys.exit(main(sys.argv))
