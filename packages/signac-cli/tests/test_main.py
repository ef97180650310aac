import subprocess
import sys

import pytest

from signac_cli import main


def test_version_names_the_api(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("signac 1.7 ")


def test_no_arguments_prints_help(capsys):
    assert main([]) == 0
    assert "usage: signac" in capsys.readouterr().out


def test_module_entry_point_runs():
    result = subprocess.run(
        [sys.executable, "-m", "signac_cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "signac-cli" in result.stdout
