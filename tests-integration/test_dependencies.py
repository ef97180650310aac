"""Each distribution declares what it imports, and only that; floors agree across packages."""

import ast
import re
import sys
from pathlib import Path

import pytest

try:
    import tomllib
except ImportError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

PACKAGES = Path(__file__).resolve().parent.parent / "packages"
#: import name -> distribution, for everything outside the standard library
DISTRIBUTION = {
    "synced_collections": "synced-collections",
    "signac_collection": "signac-collection",
    "signac_h5store": "signac-h5store",
    "signac_core": "signac-core",
    "signac_cli": "signac-cli",
    "signac": "signac",
    "numpy": "numpy",
    "h5py": "h5py",
    "pandas": "pandas",
    "tables": "tables",
    "zarr": "zarr",
    "numcodecs": "numcodecs",
    "pymongo": "pymongo",
    "bson": "pymongo",
    "redis": "redis",
    "configobj": "configobj",
    "validate": "configobj",
    "tqdm": "tqdm",
    "pytest": "pytest",
    "hypothesis": "hypothesis",
}
#: Extras that only bring a client library the user passes in (nothing imports it).
CLIENT_EXTRAS = {("synced-collections", "mongodb"), ("synced-collections", "redis")}
#: Guarded imports of a package that depends on this one (the shell of signac-cli puts the
#: meta-package ``signac`` in its namespace when installed, else ``signac_core``).
OPTIONAL_DEPENDENTS = {"signac-cli": {"signac"}}


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower()


def _project(package: Path) -> dict:
    return tomllib.loads((package / "pyproject.toml").read_text())["project"]


def _imports(package: Path) -> tuple[set[str], set[str]]:
    """(distributions imported at module level unguarded, all distributions imported)."""
    eager: set[str] = set()
    every: set[str] = set()
    for path in (package / "src").rglob("*.py"):
        tree = ast.parse(path.read_text())
        guarded = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Try, ast.If)):
                guarded |= {id(n) for n in ast.walk(node) if n is not node}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "__future__":
                    continue
                distribution = DISTRIBUTION.get(top)
                assert distribution, f"{path}: unknown import {name!r}; add it to DISTRIBUTION"
                every.add(distribution)
                # a public ``testing`` module is for test suites: it may need the [test] extra
                if (
                    id(node) not in guarded
                    and "testing" not in path.parts[-2:]
                    and path.stem != "testing"
                ):
                    eager.add(distribution)
    own = package.name
    return eager - {own}, every - {own}


ALL = sorted(p for p in PACKAGES.iterdir() if (p / "pyproject.toml").exists())


@pytest.mark.parametrize("package", ALL, ids=lambda p: p.name)
def test_declares_what_it_imports_and_only_that(package):
    project = _project(package)
    hard = {_name(r) for r in project.get("dependencies", [])}
    extras = project.get("optional-dependencies", {})
    optional = {_name(r) for extra, reqs in extras.items() for r in reqs} - {package.name}
    eager, every = _imports(package)
    every -= OPTIONAL_DEPENDENTS.get(package.name, set())
    assert eager <= hard, f"imported at import time but not a dependency: {eager - hard}"
    assert every <= hard | optional, f"imported but not declared: {every - hard - optional}"
    assert hard <= every, f"declared but never imported (drop it): {hard - every}"
    for extra, reqs in extras.items():
        if extra == "test" or (package.name, extra) in CLIENT_EXTRAS:
            continue
        names = {_name(r) for r in reqs}
        if package.name in names:  # an extra made of other extras (``signac[all]``)
            continue
        assert names & every, f"extra [{extra}] brings nothing the package imports: {names}"


def test_every_third_party_floor_is_the_same_everywhere():
    floors: dict[str, set[str]] = {}
    for package in ALL:
        project = _project(package)
        requirements = list(project.get("dependencies", []))
        for reqs in project.get("optional-dependencies", {}).values():
            requirements += reqs
        for requirement in requirements:
            name = _name(requirement)
            if name in {p.name for p in ALL}:
                continue
            match = re.search(r">=\s*([\w.]+)", requirement)
            assert match, f"{package.name}: {requirement!r} has no floor"
            floors.setdefault(name, set()).add(match.group(1))
    disagreeing = {name: sorted(v) for name, v in floors.items() if len(v) > 1}
    assert not disagreeing
