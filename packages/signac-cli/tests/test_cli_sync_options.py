"""Fact 12, the part that needs no sync engine: invalid option combinations, -H format."""

from __future__ import annotations

import pytest

from signac_cli._cmd_sync import fmt_bytes


@pytest.mark.parametrize(
    "args, message",
    [
        (["-u", "-s", "always"], "Can't provide both the '-u/--update' and a '-s/--strategy"),
        (["-t"], "The '-t/--times' option can only be used in combination with the '-p/--perms"),
        (["--size-only", "--round-times"], "mutually exclusive"),
        (["-k", "a", "--all-keys"], "only provide one of the '-k/--key', '--all-keys'"),
        (["--all-keys", "--no-keys"], "only provide one of"),
        (["-k", "a", "--no-keys"], "only provide one of"),
    ],
)
def test_invalid_combinations_exit_1(project, tmp_path, args, message):
    result = project("sync", str(tmp_path), *args)
    assert result.exit == 1
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr


def test_unknown_strategy_is_a_usage_error(project, tmp_path):
    result = project("sync", str(tmp_path), "-s", "sometimes")
    assert result.exit == 2
    assert "invalid choice: 'sometimes'" in result.stderr


@pytest.mark.parametrize(
    "nbytes, text",
    [(0, "0.0 B"), (3, "3.0 B"), (1023, "1023.0 B"), (1536, "1.5 KiB"), (3 * 1024**3, "3.0 GiB")],
)
def test_human_readable_volume_is_1024_based(nbytes, text):
    assert fmt_bytes(nbytes) == text
