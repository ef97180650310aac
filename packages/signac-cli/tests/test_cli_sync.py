"""Fact 12: ``signac sync`` through the sync engine of signac-core."""

from __future__ import annotations

import json
import os

import pytest

pytest.importorskip("signac_core.sync")


@pytest.fixture
def pair(signac, tmp_path, jobs):
    """Two projects with the same state points: ``src`` differs in documents and files."""
    src, dst = tmp_path / "src", tmp_path / "dst"
    for root, name in ((src, "src"), (dst, "dst")):
        root.mkdir()
        signac.ok("init", name, cwd=root)
    statepoints = [{"a": i} for i in range(3)]
    ids = jobs(src, statepoints, [{"k": 1, "same": 0}, {}, {}])
    jobs(dst, statepoints, [{"k": 2, "same": 0}, {}, {}])
    for job_id in ids:
        for root, content, mtime in (
            (src, "source\n", 2_000_000_000),
            (dst, "dst\n", 1_000_000_000),
        ):
            fn = root / "workspace" / job_id / "data.txt"
            fn.write_text(content)
            os.utime(fn, (mtime, mtime))
    (src / "workspace" / ids[2] / "new.txt").write_text("abc")
    signac.cwd = dst
    return signac, src, dst, ids


def test_document_conflict_exits_1_with_hint(pair):
    signac, src, dst, ids = pair
    result = signac("sync", str(src), "-s", "always")  # files resolved, the document not
    assert result.exit == 1
    assert result.stderr.startswith("Synchronizing 'src' -> 'dst'...\n")
    assert "no strategy defined to synchronize keys:\nk\n" in result.stderr
    assert "`--all-keys` to overwrite all conflicting" in result.stderr
    assert result.stderr.endswith("Warning: Synchronization aborted.\n")


def test_file_conflict_exits_1_with_hint(pair):
    signac, src, dst, ids = pair
    result = signac("sync", str(src), "--all-keys")
    assert result.exit == 1
    assert "no strategy defined to synchronize files:" in result.stderr
    assert "The file with filename 'data.txt' caused a conflict." in result.stderr
    assert result.stderr.endswith("Warning: Synchronization aborted.\n")


def test_no_keys_skips_and_stats(pair):
    signac, src, dst, ids = pair
    result = signac.ok("sync", str(src), "-s", "never", "--no-keys", "--stats")
    assert "Skipped key(s): k\n" in result.stderr
    assert result.stderr.endswith("Done.\n")
    assert result.stdout == (
        "\n# Transfer statistics \n\nNumber of files transferred: 1\n"
        "Total transfer volume:       3\n\n"
    )
    doc = json.loads((dst / "workspace" / ids[0] / "signac_job_document.json").read_text())
    assert doc == {"k": 2, "same": 0}


def test_update_all_keys_json_and_human_readable(pair):
    signac, src, dst, ids = pair
    dry = signac.ok("sync", str(src), "-u", "--all-keys", "--stats", "-n", "-H")
    # A dry run lists the files it would transfer, then the statistics.
    listed, stats = dry.stdout.split("\n# Transfer statistics (dry run)\n")
    assert f"{ids[0]}/data.txt" in listed.splitlines()
    assert stats == "\nNumber of files transferred: 4\nTotal transfer volume:       24.0 B\n\n"
    assert (dst / "workspace" / ids[0] / "data.txt").read_text() == "dst\n"
    result = signac.ok("sync", str(src), "-u", "--all-keys", "--stats", "--json")
    header, stats = result.stdout.split("\n# Transfer statistics \n")
    assert header == ""
    assert json.loads(stats) == {"num_files": 4, "volume": 3 * len("source\n") + 3}
    assert (dst / "workspace" / ids[0] / "data.txt").read_text() == "source\n"
    doc = json.loads((dst / "workspace" / ids[0] / "signac_job_document.json").read_text())
    assert doc["k"] == 1


def test_key_pattern(pair):
    signac, src, dst, ids = pair
    result = signac.ok("sync", str(src), "-s", "always", "-k", "^k$")
    assert "Skipped" not in result.stderr


def test_schema_conflict_needs_merge(pair, jobs):
    signac, src, dst, ids = pair
    jobs(src, [{"a": 9, "extra": True}])
    result = signac("sync", str(src), "-s", "always", "--all-keys")
    assert result.exit == 1
    assert "requires the -m/--merge option" in result.stderr
    assert "Keys found only in the source schema: extra\n" in result.stderr
    merged = signac.ok("sync", str(src), "-m", "-s", "always", "--all-keys")
    assert merged.stderr.endswith("Done.\n")
    assert len(signac.ok("find").stdout.splitlines()) == 4


def test_explicit_destination_and_missing_source(pair, tmp_path):
    signac, src, dst, ids = pair
    result = signac.ok("sync", str(src), str(dst), "-s", "always", "--all-keys", cwd=tmp_path)
    assert result.stderr.startswith("Synchronizing 'src' -> 'dst'...")
    missing = signac("sync", str(tmp_path / "nope"))
    assert missing.exit == 1
    assert (
        missing.stderr == f"Error: Unable to determine project id for path '{tmp_path / 'nope'}'.\n"
    )
