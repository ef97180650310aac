"""Start-up time of the ``signac`` command, beside ``python -c pass`` as the floor.

Measures, as the median of several runs of a fresh process each:

- ``python -c pass`` (the floor: starting the interpreter);
- ``signac --version`` (the parser, no signac-core import);
- ``signac find`` on a project of N jobs (10,000 by default; prints N ids);
- ``signac find a 42`` on the same project (a filter).

Usage::

    python benchmarks/bench_cli.py [N]

``SIGNAC_BENCH_DIR`` chooses where the temporary project is made;
``SIGNAC_BENCH_REPEAT`` how many runs each figure takes (default 7). The
commands run without ``PYTHONDONTWRITEBYTECODE`` after one warm-up run, so the
figures are those of installed byte code, as users see them.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

DEFAULT_N = 10_000


def signac_command() -> list[str]:
    exe = shutil.which("signac", path=os.path.dirname(sys.executable))
    return [exe] if exe else [sys.executable, "-m", "signac_cli"]


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def median_run(argv: list[str], cwd: str, repeat: int) -> float:
    times = []
    subprocess.run(argv, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            argv, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def make_project(root: str, n: int) -> None:
    import signac_core

    project = signac_core.init_project("bench", root=root)
    for i in range(n):
        project.open_job({"a": i, "b": {"c": i % 10}}).init()


def main(argv: list[str]) -> int:
    n = int(argv[1]) if len(argv) > 1 else DEFAULT_N
    repeat = int(os.environ.get("SIGNAC_BENCH_REPEAT", "7"))
    signac = signac_command()
    with tempfile.TemporaryDirectory(dir=os.environ.get("SIGNAC_BENCH_DIR")) as tmp:
        start = time.perf_counter()
        make_project(tmp, n)
        setup = time.perf_counter() - start
        rows = [
            ("python -c pass (floor)", median_run([sys.executable, "-c", "pass"], tmp, repeat)),
            ("signac --version", median_run([*signac, "--version"], tmp, repeat)),
            (f"signac find (N = {n:,})", median_run([*signac, "find"], tmp, repeat)),
            (
                f"signac find a 42 (N = {n:,})",
                median_run([*signac, "find", "a", "42"], tmp, repeat),
            ),
        ]
    floor = rows[0][1]
    print(
        f"signac CLI start-up (median of {repeat} runs; project of {n:,} jobs made in {setup:.1f} s)"
    )
    print(f"{'command':<34} {'seconds':>8} {'x floor':>8}")
    for name, seconds in rows:
        print(f"{name:<34} {seconds:>8.3f} {seconds / floor:>8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
