"""Benchmark of signac-core's data movement: export and sync of N = 10,000 jobs.

Each job holds its manifest, a job document and two small files. Every figure
is printed beside a *floor* measured in the same run over the same files:

- export to a directory:   ``shutil.copytree`` of the whole workspace;
- export to ``.tar.gz``:   ``tarfile`` adding the whole workspace;
- sync (fresh, parallel):  ``shutil.copytree`` of the whole workspace;
- sync (incremental):      ``filecmp.dircmp`` of every job directory (the
  comparison alone, nothing to copy).

The issue's target: ``parallel=True`` at least 1.5x faster than serial (2 cores).

Usage::

    python benchmarks/bench_data_movement.py [N ...]
    SIGNAC_BENCH_N=1000 python benchmarks/bench_data_movement.py

``SIGNAC_BENCH_DIR`` chooses where the temporary projects are made.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import sys
import tarfile
import tempfile
import time

import signac_core

DEFAULT_N = (10_000,)


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def make_project(root: str, n: int):
    project = signac_core.init_project("bench", root=root)
    for i in range(n):
        job = project.open_job({"i": i, "group": i % 10, "p": {"x": i % 7}}).init()
        job.doc["energy"] = i * 0.5
        with open(job.fn("out.txt"), "w") as file:
            file.write(f"result {i}\n" * 8)
        with open(job.fn("log.txt"), "w") as file:
            file.write("ok\n")
    return project


def floor_dircmp(src_ws: str, dst_ws: str) -> int:
    diffs = 0
    for name in os.listdir(src_ws):
        cmp = filecmp.dircmp(os.path.join(src_ws, name), os.path.join(dst_ws, name))
        diffs += len(cmp.left_only) + len(cmp.diff_files)
    return diffs


def fmt(seconds: float) -> str:
    return f"{seconds:8.2f} s"


def run(n: int, base: str) -> list[tuple[str, float, float, str]]:
    rows = []
    src = make_project(os.path.join(base, "src"), n)
    ws = src.workspace()

    t_floor, _ = timed(shutil.copytree, ws, os.path.join(base, "floor_copy"))
    t_export, _ = timed(src.export_to, os.path.join(base, "export_dir"))
    rows.append(("export_to(directory)", t_export, t_floor, "shutil.copytree"))

    def tar_floor():
        with tarfile.open(os.path.join(base, "floor.tar.gz"), "w:gz") as tf:
            tf.add(ws, arcname="workspace")

    t_floor_tar, _ = timed(tar_floor)
    t_export_tar, _ = timed(src.export_to, os.path.join(base, "export.tar.gz"))
    rows.append(("export_to(.tar.gz)", t_export_tar, t_floor_tar, "tarfile"))

    dst = signac_core.init_project("dst", root=os.path.join(base, "dst"))
    t_fresh, _ = timed(dst.sync, src)
    rows.append(("sync, fresh (serial)", t_fresh, t_floor, "shutil.copytree"))

    t_floor_cmp, _ = timed(floor_dircmp, ws, dst.workspace())
    t_incr, _ = timed(dst.sync, src)
    rows.append(("sync, incremental (nothing new)", t_incr, t_floor_cmp, "filecmp.dircmp"))
    for job in list(src)[: n // 100]:  # 1% of the jobs changed
        with open(job.fn("new.txt"), "w") as file:
            file.write("new\n")
    t_incr1, _ = timed(dst.sync, src)
    rows.append(("sync, incremental (1% new files)", t_incr1, t_floor_cmp, "filecmp.dircmp"))

    par = signac_core.init_project("par", root=os.path.join(base, "par"))
    t_par, _ = timed(par.sync, src, parallel=True)
    rows.append(("sync, fresh (parallel=True)", t_par, t_floor, "shutil.copytree"))
    rows.append(("  parallel speed-up over serial", t_fresh / t_par, 1.5, "target >= 1.5x"))
    assert len(par) == len(dst) == n
    return rows


def main() -> None:
    sizes = (
        [int(a) for a in sys.argv[1:]]
        or [int(x) for x in os.environ.get("SIGNAC_BENCH_N", "").split(",") if x]
        or list(DEFAULT_N)
    )
    print(f"signac-core data movement; {os.cpu_count()} CPUs")
    for n in sizes:
        with tempfile.TemporaryDirectory(dir=os.environ.get("SIGNAC_BENCH_DIR")) as base:
            rows = run(n, base)
        print(f"\nN = {n:,} jobs (4 small files each)")
        print(f"{'operation':36} {'signac':>10} {'floor':>10}  floor is")
        for name, value, floor, what in rows:
            if "speed-up" in name:
                print(f"{name:36} {value:9.2f}x {floor:9.2f}x  {what}")
            else:
                print(f"{name:36} {fmt(value)} {fmt(floor)}  {what} ({value / floor:.1f}x)")


if __name__ == "__main__":
    main()
