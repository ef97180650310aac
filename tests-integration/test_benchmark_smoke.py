"""The benchmark script runs (with a tiny N); timings are not checked here."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_signac_core.py"


def test_benchmark_runs_with_small_n(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("SIGNAC_BENCH_DIR", str(tmp_path))
    monkeypatch.syspath_prepend(str(SCRIPT.parent))  # as ``python benchmarks/x.py`` runs it
    spec = importlib.util.spec_from_file_location("bench_signac_core", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["bench", "100"]) == 0
    out = capsys.readouterr().out
    assert "N = 100" in out
    assert "create N jobs" in out and "floor" in out
    assert list(tmp_path.iterdir()) == []
