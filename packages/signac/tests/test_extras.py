"""Light installs: ``pip install signac`` brings no heavy dependency; features are extras."""

import re
import subprocess
import sys
import textwrap
from importlib import metadata

import pytest

HEAVY = {"h5py", "tables", "pandas", "zarr", "numcodecs", "pymongo", "redis", "numpy"}
OURS = {
    "signac", "signac-core", "signac-collection", "signac-h5store", "signac-cli",
    "synced-collections",
}  # fmt: skip


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _unconditional(distribution: str) -> list[str]:
    requirements = metadata.requires(distribution) or []
    return [r for r in requirements if ";" not in r]


def test_plain_install_brings_our_six_and_no_heavy_dependency():
    seen: set[str] = set()
    pending = ["signac"]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in OURS:
            pending += [_name(r) for r in _unconditional(name)]
    assert OURS <= seen
    assert not seen & HEAVY, sorted(seen & HEAVY)


def test_the_meta_package_forwards_the_feature_extras():
    extras = set(metadata.metadata("signac").get_all("Provides-Extra") or [])
    assert {"h5", "pandas", "mongodb", "redis", "zarr", "all"} <= extras
    requires = metadata.requires("signac") or []
    for extra, sibling in [
        ("h5", "signac-core"),
        ("pandas", "signac-core"),
        ("mongodb", "synced-collections"),
        ("redis", "synced-collections"),
        ("zarr", "synced-collections"),
    ]:
        forwarded = [r for r in requires if re.search(rf"extra == [\"']{extra}[\"']", r)]
        assert any(_name(r) == sibling and f"[{extra}]" in r for r in forwarded), forwarded


def _run(program: str, tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(program)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    "blocked, action, extra",
    [
        ("h5py", "job.data['x'] = 1", "signac[h5]"),
        ("signac_h5store", "job.data['x'] = 1", "signac[h5]"),
        ("h5py", "signac.H5Store('f.h5').open()", "signac[h5]"),
        ("pandas", "project.to_dataframe()", "signac[pandas]"),
    ],
)
def test_a_missing_extra_names_the_extra_to_install(tmp_path, blocked, action, extra):
    program = f"""
        import sys
        sys.modules[{blocked!r}] = None  # as if the extra was not installed
        import signac
        project = signac.init_project("p", root=".")
        job = project.open_job({{"a": 1}}).init()
        try:
            {action}
        except ImportError as error:
            print(type(error).__name__, error)
        else:
            print("no error")
    """
    result = _run(program, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ImportError"), result.stdout
    assert f"pip install '{extra}'" in result.stdout, result.stdout
