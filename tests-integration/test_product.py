"""The full product as a user installs it: one namespace, one command."""

import shutil
import subprocess
import sys
from pathlib import Path

import signac


def test_signac_command_is_installed():
    command = shutil.which("signac", path=str(Path(sys.executable).parent))
    assert command is not None
    result = subprocess.run([command, "--version"], capture_output=True, text=True, check=True)
    assert result.stdout == "signac 1.7.0\n"  # as signac 1.7 prints it


def test_import_signac_is_lazy():
    program = (
        "import sys, signac\n"
        "heavy = [m for m in ('numpy', 'h5py', 'pandas', 'zarr', 'pymongo', 'redis') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_every_package_reports_a_version():
    import signac_cli
    import signac_collection
    import signac_core
    import signac_h5store
    import synced_collections

    versions = {
        module.__name__: module.__version__
        for module in (
            synced_collections,
            signac_collection,
            signac_h5store,
            signac_core,
            signac_cli,
        )
    }
    assert all(version.count(".") == 2 for version in versions.values()), versions
    assert signac.__version__.startswith("1.7.")
