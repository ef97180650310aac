"""Sessions of the signac monorepo: per-package tests, integration, lint, build, demo, bench.

``nox -l`` lists them. ``nox -t tests`` runs every test session (the README's test
command). Every sibling is installed from this checkout: our distribution names
equal upstream's on PyPI, so each session checks that none came from a registry.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nox
import tomllib

ROOT = Path(__file__).parent
PACKAGES_DIR = ROOT / "packages"
TESTSERVERS = ROOT / "tools" / "testservers"

#: Every package in dependency order, with the extras its own tests need.
PACKAGES: dict[str, tuple[str, ...]] = {
    "synced-collections": ("test", "mongodb", "redis", "zarr", "numpy"),
    "signac-collection": ("test",),
    "signac-h5store": ("test", "pandas"),
    "signac-core": ("test", "h5", "pandas"),
    "signac-cli": ("test",),
    "signac": ("test",),
}
#: Packages whose tests talk to the mongoeco wire-protocol server.
NEEDS_MONGO = {"synced-collections", "signac-collection", "signac-core", "signac", "integration"}
#: The oldest supported third-party versions (``tests-oldest``).
OLDEST_PINS = ("numpy==1.26.*", "zarr==2.18.*", "numcodecs<0.14", "pandas==2.2.*", "h5py==3.11.*")

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.download_python = "never"
nox.options.error_on_external_run = True
os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")


def _pyproject(package: str) -> dict:
    with open(PACKAGES_DIR / package / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]


def _requirement_name(requirement: str) -> tuple[str, tuple[str, ...]]:
    """Split ``'name[a,b]>=1'`` into ``('name', ('a', 'b'))``."""
    head = requirement.split(";")[0]
    for stop in "<>=!~ ":
        head = head.split(stop)[0]
    name, _, extras = head.partition("[")
    return name.strip(), tuple(e.strip() for e in extras.rstrip("]").split(",") if e.strip())


def siblings(package: str, extras: tuple[str, ...] = ()) -> dict[str, tuple[str, ...]]:
    """The closure of the sibling packages that ``package[extras]`` declares."""
    closure: dict[str, tuple[str, ...]] = {}
    pending = [(package, extras)]
    while pending:
        name, wanted = pending.pop()
        project = _pyproject(name)
        requirements = list(project.get("dependencies", []))
        for extra in wanted:
            requirements += project.get("optional-dependencies", {}).get(extra, [])
        for requirement in requirements:
            sibling, sibling_extras = _requirement_name(requirement)
            if sibling in PACKAGES and sibling != package:
                merged = tuple(sorted({*closure.get(sibling, ()), *sibling_extras}))
                if closure.get(sibling) != merged:
                    closure[sibling] = merged
                    pending.append((sibling, sibling_extras))
    return closure


def _with_extras(requirement: str, extras: tuple[str, ...] = ()) -> str:
    return f"{requirement}[{','.join(extras)}]" if extras else requirement


def _local(package: str, extras: tuple[str, ...] = ()) -> str:
    return _with_extras(str(PACKAGES_DIR / package), extras)


def install_from_checkout(session: nox.Session, package: str, extras: tuple[str, ...]) -> None:
    """Install ``package[extras]`` and its sibling closure, all from this checkout."""
    closure = siblings(package, extras)
    session.install(
        _local(package, extras),
        *(_local(name, ex) for name, ex in closure.items()),
        str(TESTSERVERS),
    )
    check_siblings_from_checkout(session, [package, *closure])


def check_siblings_from_checkout(session: nox.Session, expected: list[str]) -> None:
    """Fail if a sibling is missing or was installed from a registry instead of the checkout."""
    program = (
        "import json, sys\nfrom importlib import metadata\nresult = {}\n"
        f"for name in {sorted(PACKAGES)!r}:\n"
        "    try: dist = metadata.distribution(name)\n"
        "    except metadata.PackageNotFoundError: continue\n"
        "    url = json.loads(dist.read_text('direct_url.json') or '{}').get('url', '')\n"
        "    result[name] = url\n"
        "print(json.dumps(result))\n"
    )
    output = session.run("python", "-c", program, silent=True, log=False)
    if output is None:  # --install-only: nothing runs, nothing to check
        return
    installed = json.loads(output.strip().splitlines()[-1])
    checkout = ROOT.resolve().as_uri()
    foreign = {name: url for name, url in installed.items() if not url.startswith(checkout)}
    if foreign:
        session.error(f"siblings not installed from this checkout: {foreign}")
    missing = set(expected) - set(installed)
    if missing:
        session.error(f"siblings missing after install: {sorted(missing)}")
    extra = set(installed) - set(expected)
    if extra:
        session.error(f"undeclared siblings were installed: {sorted(extra)}")


def find_python(version: str) -> str:
    """Return an interpreter path for ``version`` (pyenv's builds first; no downloads)."""
    for candidate in sorted(
        glob.glob(str(Path.home() / f".pyenv/versions/{version}.*/bin/python{version}"))
    ):
        return candidate
    return shutil.which(f"python{version}") or version  # nox reports it if missing


def ensure_mongoeco(session: nox.Session) -> None:
    """Provision mongoeco[wire] in its own Python 3.13 venv and point the fixtures at it."""
    venv = Path.home() / ".cache" / "signac-testservers" / "mongoeco-venv"
    python = venv / "bin" / "python"
    if not python.exists() or subprocess.run([python, "-c", "import mongoeco.wire"]).returncode:
        shutil.rmtree(venv, ignore_errors=True)
        session.run("uv", "venv", "-q", "-p", find_python("3.13"), str(venv), external=True)
        session.run(
            "uv", "pip", "install", "-q", "--python", str(python), "mongoeco[wire]", external=True
        )
    session.env["MONGOECO_PYTHON"] = str(python)


def ensure_redis(session: nox.Session) -> None:
    """Install Debian's redis-server when it is missing and we may (root with apt-get)."""
    if shutil.which("redis-server"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        session.run("apt-get", "update", "-qq", external=True)
        session.run("apt-get", "install", "-y", "-qq", "redis-server", external=True)
    else:
        session.warn("redis-server is missing: install Debian's 'redis-server' package")


def run_pytest(session: nox.Session, *args: str) -> None:
    session.run("python", "-m", "pytest", "-p", "no:cacheprovider", *args, *session.posargs)


def _tests_session(package: str) -> None:
    extras = PACKAGES[package]

    @nox.session(name=f"tests-{package}", tags=["tests"])
    def tests(session: nox.Session) -> None:
        install_from_checkout(session, package, extras)
        if package in NEEDS_MONGO:
            ensure_redis(session)
            ensure_mongoeco(session)
        session.chdir(PACKAGES_DIR / package)
        run_pytest(session, "tests")

    tests.__doc__ = f"Run the tests of {package}, installed alone with its declared siblings."


for _package in PACKAGES:
    _tests_session(_package)


@nox.session(name="tests-oldest", python=find_python("3.10"), tags=["tests"])
def tests_oldest(session: nox.Session) -> None:
    """Run the numpy/zarr/HDF5 packages' tests on Python 3.10 with numpy 1.26 and zarr 2.18."""
    oldest = ("synced-collections", "signac-h5store", "signac-core")
    session.install(
        *(_local(name, PACKAGES[name]) for name in oldest),
        _local("signac-collection"),
        str(TESTSERVERS),
        *OLDEST_PINS,
    )
    ensure_redis(session)
    ensure_mongoeco(session)
    session.run(
        "python",
        "-c",
        "import numpy, zarr; print('numpy', numpy.__version__, 'zarr', zarr.__version__)",
    )
    for name in oldest:
        session.chdir(PACKAGES_DIR / name)
        run_pytest(session, "tests")


@nox.session(tags=["tests"])
def integration(session: nox.Session) -> None:
    """Run the cross-package tests in tests-integration/ against the full product."""
    install_from_checkout(session, "signac", ("test",))
    ensure_redis(session)
    ensure_mongoeco(session)
    session.chdir(ROOT)
    run_pytest(session, "tests-integration")


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff (one configuration at the root)."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check each package's sources with mypy."""
    install_from_checkout(session, "signac", ("test",))
    session.install("mypy")
    for package in PACKAGES:
        session.chdir(PACKAGES_DIR / package)
        session.run("mypy", "src")


@nox.session
def build(session: nox.Session) -> None:
    """Build wheel + sdist per package; install each wheel alone; test each sdist."""
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    for package in PACKAGES:
        session.run(
            "uv", "build", "-q", "--out-dir", str(dist), str(PACKAGES_DIR / package), external=True
        )
    artifacts = sorted(p.name for p in dist.iterdir() if p.suffix in {".whl", ".gz"})
    session.log(f"{len(artifacts)} artifacts: {', '.join(artifacts)}")
    if len(artifacts) != 2 * len(PACKAGES):
        session.error(f"expected {2 * len(PACKAGES)} artifacts, got {len(artifacts)}")

    def artifact(package: str, kind: str) -> Path:
        stem = package.replace("-", "_")
        (match,) = dist.glob(f"{stem}-*{kind}")
        return match

    for package in PACKAGES:
        with tempfile.TemporaryDirectory() as tmp:
            python = _fresh_venv(session, Path(tmp))
            closure = siblings(package)
            wheels = [_with_extras(str(artifact(name, ".whl")), ex) for name, ex in closure.items()]
            session.run(
                "uv",
                "pip",
                "install",
                "-q",
                "--python",
                python,
                str(artifact(package, ".whl")),
                *wheels,
                external=True,
            )
            installed = _installed_siblings(session, python)
            if installed != {package, *closure}:
                session.error(
                    f"{package}: wheel pulled in {sorted(installed)}, declared {sorted({package, *closure})}"
                )
            module = package.replace("-", "_")
            session.run(
                python,
                "-c",
                f"import {module}; print('{package} wheel imports:', {module}.__version__)",
                external=True,
            )

    for package, extras in PACKAGES.items():
        with tempfile.TemporaryDirectory() as tmp:
            python = _fresh_venv(session, Path(tmp))
            shutil.unpack_archive(artifact(package, ".tar.gz"), tmp)
            (source,) = Path(tmp).glob(f"{package.replace('-', '_')}-*")
            closure = siblings(package, extras)
            wheels = [_with_extras(str(artifact(name, ".whl")), ex) for name, ex in closure.items()]
            sdist = _with_extras(str(artifact(package, ".tar.gz")), extras)
            session.run(
                "uv",
                "pip",
                "install",
                "-q",
                "--python",
                python,
                sdist,
                *wheels,
                str(TESTSERVERS),
                external=True,
            )
            if package in NEEDS_MONGO:
                ensure_redis(session)
                ensure_mongoeco(session)
            session.run(
                python,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                str(source / "tests"),
                external=True,
            )


def _fresh_venv(session: nox.Session, where: Path) -> str:
    session.run("uv", "venv", "-q", "-p", sys.executable, str(where / "venv"), external=True)
    return str(where / "venv" / "bin" / "python")


def _installed_siblings(session: nox.Session, python: str) -> set[str]:
    program = (
        "from importlib import metadata\n"
        f"print(' '.join(n for n in {sorted(PACKAGES)!r} "
        "if any(d.metadata['Name'] == n for d in metadata.distributions())))"
    )
    output = session.run(python, "-c", program, external=True, silent=True, log=False)
    return set(output.split())


@nox.session
def docs(session: nox.Session) -> None:
    """Run every example in docs/ (Markdown code blocks are doctests) against the full product."""
    install_from_checkout(session, "signac", ("test",))
    session.chdir(ROOT)
    run_pytest(session, "--doctest-glob=*.md", "docs")


@nox.session
def demo(session: nox.Session) -> None:
    """Walk through a sample project of a few hundred jobs in a temporary directory."""
    install_from_checkout(session, "signac", ())
    session.run("python", str(ROOT / "docs" / "demo.py"))


@nox.session
def bench(session: nox.Session) -> None:
    """Print the benchmark tables of benchmarks/bench_*.py (floors beside the figures)."""
    install_from_checkout(session, "signac", ("test",))
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        session.log(f"== {script.name}")
        session.run("python", str(script), *session.posargs)
