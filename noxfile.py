"""Sessions of the signac monorepo: per-package tests, integration, lint, build, demo, bench.

``nox -l`` lists them. ``nox -t tests`` runs every test session (the README's test
command). Every sibling is installed from this checkout: our distribution names
equal upstream's on PyPI, so each session checks that none came from a registry.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nox

try:
    import tomllib
except ImportError:  # Python 3.10: nox itself depends on tomli there
    import tomli as tomllib

ROOT = Path(__file__).parent
PACKAGES_DIR = ROOT / "packages"
TESTSERVERS = ROOT / "tools" / "testservers"
#: uv: on PATH, or beside nox's own interpreter (a tools venv that is not on PATH).
UV = shutil.which("uv") or str(Path(sys.executable).parent / "uv")

#: Every package in dependency order, with the extras its own tests need.
PACKAGES: dict[str, tuple[str, ...]] = {
    "synced-collections": ("test", "mongodb", "redis", "zarr", "numpy"),
    "signac-collection": ("test",),
    "signac-h5store": ("test", "pandas"),
    "signac-core": ("test", "h5", "pandas"),
    "signac-cli": ("test",),
    "signac": ("test",),
}
#: The test servers each test suite uses (only these sessions provision servers).
SERVERS: dict[str, tuple[str, ...]] = {
    "synced-collections": ("redis", "mongo"),
    "signac-collection": ("mongo",),
    "signac-core": ("mongo",),
    "integration": ("mongo",),
}
#: Distributions of test tools: not floors of the product (``tests-oldest`` leaves them be).
TEST_TOOLS = {"pytest", "hypothesis", "mypy"}
#: Packages ``tests-oldest`` runs: the ones with third-party dependencies.
OLDEST = ("synced-collections", "signac-collection", "signac-h5store", "signac-core")

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
    """The closure of the sibling packages that ``package[extras]`` declares.

    An extra may name other extras of its own package (``signac[all]``,
    ``synced-collections[test]``); those are followed too.
    """
    closure: dict[str, tuple[str, ...]] = {}
    pending = [(package, extras)]
    while pending:
        name, wanted = pending.pop()
        for requirement in _requirements(name, wanted):
            sibling, sibling_extras = _requirement_name(requirement)
            if sibling in PACKAGES and sibling != package:
                merged = tuple(sorted({*closure.get(sibling, ()), *sibling_extras}))
                if closure.get(sibling) != merged:
                    closure[sibling] = merged
                    pending.append((sibling, sibling_extras))
    return closure


def _requirements(package: str, extras: tuple[str, ...]) -> list[str]:
    """The requirements of ``package[extras]``, its self-referencing extras expanded."""
    project = _pyproject(package)
    optional = project.get("optional-dependencies", {})
    requirements = list(project.get("dependencies", []))
    pending, seen = list(extras), set()
    while pending:
        extra = pending.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for requirement in optional.get(extra, []):
            name, more = _requirement_name(requirement)
            if name == package:
                pending += more
            else:
                requirements.append(requirement)
    return requirements


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


def find_python(version: str) -> str | None:
    """Return an interpreter for ``version``: pyenv's builds, then ``uv python find``, then PATH.

    Never downloads one. ``None`` if there is none.
    """
    for candidate in sorted(
        glob.glob(str(Path.home() / f".pyenv/versions/{version}.*/bin/python{version}"))
    ):
        return candidate
    if Path(UV).exists():
        found = subprocess.run(
            [UV, "python", "find", "--no-project", version],
            capture_output=True,
            text=True,
            env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"},
        )
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.strip()
    return shutil.which(f"python{version}")


def _python_or_version(version: str) -> str:
    """An interpreter path for a session, or the bare version: nox then skips just that
    session with one line ("Python interpreter 3.10 not found"), and fails it under CI."""
    return find_python(version) or version


def ensure_mongoeco(session: nox.Session) -> None:
    """Provision mongoeco[wire] in its own Python 3.13 venv and point the fixtures at it."""
    venv = Path.home() / ".cache" / "signac-testservers" / "mongoeco-venv"
    python = venv / "bin" / "python"
    if not python.exists() or subprocess.run([python, "-c", "import mongoeco.wire"]).returncode:
        interpreter = find_python("3.13")
        if interpreter is None:  # the fixture skips (fails under CI=true) with the reason
            session.warn("mongoeco needs Python 3.13: none found (pyenv, uv python find, PATH)")
            return
        shutil.rmtree(venv, ignore_errors=True)
        session.run(UV, "venv", "-q", "-p", interpreter, str(venv), external=True)
        session.run(
            UV, "pip", "install", "-q", "--python", str(python), "mongoeco[wire]", external=True
        )
    session.env["MONGOECO_PYTHON"] = str(python)


def ensure_redis(session: nox.Session) -> None:
    """Install Debian's redis-server when it is missing and we may (root with apt-get)."""
    if shutil.which("redis-server"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        session.run("apt-get", "update", "-qq", external=True)
        session.run("apt-get", "install", "-y", "-qq", "redis-server", external=True)
    else:  # the fixture skips (fails under CI=true) with the reason
        session.warn("redis-server is missing: install Debian's 'redis-server' package")


def ensure_servers(session: nox.Session, *packages: str) -> None:
    """Provision the servers that the tests of ``packages`` use (and no others)."""
    needed = {server for package in packages for server in SERVERS.get(package, ())}
    if "redis" in needed:
        ensure_redis(session)
    if "mongo" in needed:
        ensure_mongoeco(session)


def run_pytest(session: nox.Session, *args: str) -> None:
    session.run("python", "-m", "pytest", "-p", "no:cacheprovider", *args, *session.posargs)


def _tests_session(package: str) -> None:
    extras = PACKAGES[package]

    @nox.session(name=f"tests-{package}", tags=["tests"])
    def tests(session: nox.Session) -> None:
        install_from_checkout(session, package, extras)
        ensure_servers(session, package)
        session.chdir(PACKAGES_DIR / package)
        run_pytest(session, "tests")

    tests.__doc__ = f"Run the tests of {package}, installed alone with its declared siblings."


for _package in PACKAGES:
    _tests_session(_package)


def floors() -> dict[str, str]:
    """The declared lower bound of every third-party dependency (one per name, checked)."""
    found: dict[str, set[str]] = {}
    for package in PACKAGES:
        project = _pyproject(package)
        requirements = list(project.get("dependencies", []))
        for requirements_of_extra in project.get("optional-dependencies", {}).values():
            requirements += requirements_of_extra
        for requirement in requirements:
            name, _ = _requirement_name(requirement)
            if name in PACKAGES or name in TEST_TOOLS:
                continue
            for clause in requirement.split(";")[0].split(","):
                if ">=" in clause:
                    found.setdefault(name.lower(), set()).add(clause.split(">=")[1].strip())
    disagreeing = {name: sorted(v) for name, v in found.items() if len(v) != 1}
    if disagreeing:
        raise SystemExit(f"noxfile: floors disagree across pyprojects: {disagreeing}")
    return {name: versions.pop() for name, versions in sorted(found.items())}


@nox.session(name="tests-oldest", python=_python_or_version("3.10"), tags=["tests"])
def tests_oldest(session: nox.Session) -> None:
    """Run the tests of the libraries on Python 3.10 with every third-party dependency at its floor."""
    pins = [f"{name}=={version}" for name, version in floors().items()]
    session.install(*(_local(name, PACKAGES[name]) for name in OLDEST), str(TESTSERVERS), *pins)
    check_siblings_from_checkout(session, [*OLDEST, *siblings_of(OLDEST)])
    program = (
        "import json, sys\nfrom importlib import metadata\n"
        "wanted = json.loads(sys.argv[1])\n"
        "got = {n: metadata.version(n) for n in wanted}\n"
        "print(' '.join(f'{n}=={v}' for n, v in got.items()))\n"
        "norm = lambda v: v.split('.') + ['0'] * (3 - v.count('.') - 1)\n"
        "bad = {n: v for n, v in got.items() if norm(v) != norm(wanted[n])}\n"
        "sys.exit(f'not at the declared floor: {bad}' if bad else 0)\n"
    )
    session.run("python", "-c", program, json.dumps(floors()))
    ensure_servers(session, *OLDEST)
    for name in OLDEST:
        session.chdir(PACKAGES_DIR / name)
        run_pytest(session, "tests")


def siblings_of(packages: tuple[str, ...]) -> set[str]:
    """The sibling closure of several packages installed with their test extras."""
    return {name for package in packages for name in siblings(package, PACKAGES[package])}


@nox.session(tags=["tests"])
def integration(session: nox.Session) -> None:
    """Run the cross-package tests in tests-integration/ against the full product."""
    install_from_checkout(session, "signac", ("test", "all"))
    ensure_servers(session, "integration")
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
    """Type-check each package's sources with mypy (the full product installed)."""
    install_from_checkout(session, "signac", ("test", "all"))
    for package in PACKAGES:
        session.chdir(PACKAGES_DIR / package)
        session.run("mypy", "src")


#: Third-party distributions ``pip install signac`` (no extras) must not bring.
HEAVY = {"h5py", "tables", "pandas", "zarr", "numcodecs", "pymongo", "redis", "numpy"}


@nox.session
def build(session: nox.Session) -> None:
    """Build wheel + sdist per package; install each wheel alone; test each sdist."""
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    for package in PACKAGES:
        session.run(
            UV, "build", "-q", "--out-dir", str(dist), str(PACKAGES_DIR / package), external=True
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
        _check_archive(session, package, artifact(package, ".tar.gz"), artifact(package, ".whl"))

    for package in PACKAGES:
        with tempfile.TemporaryDirectory() as tmp:
            python = _fresh_venv(session, Path(tmp))
            closure = siblings(package)
            wheels = [_with_extras(str(artifact(name, ".whl")), ex) for name, ex in closure.items()]
            session.run(
                UV, "pip", "install", "-q", "--python", python,
                str(artifact(package, ".whl")), *wheels, external=True,
            )  # fmt: skip
            installed = _installed(session, python)
            ours = installed & set(PACKAGES)
            if ours != {package, *closure}:
                session.error(
                    f"{package}: wheel pulled in {sorted(ours)}, declared {sorted({package, *closure})}"
                )
            third_party = sorted(installed - set(PACKAGES))
            session.log(
                f"pip install {package} brings {len(third_party)} third-party "
                f"distribution(s): {', '.join(third_party) or 'none'}"
            )
            if package == "signac" and HEAVY & set(third_party):
                session.error(f"pip install signac brings {sorted(HEAVY & set(third_party))}")
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
                UV, "pip", "install", "-q", "--python", python,
                sdist, *wheels, str(TESTSERVERS), external=True,
            )  # fmt: skip
            ensure_servers(session, package)
            session.chdir(source)  # the unpacked sdist alone: its pyproject configures pytest
            session.run(
                python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", external=True
            )
            session.chdir(ROOT)


#: A path into the rest of the monorepo (path-traversal test data such as
#: ``"job/../../evil"`` is not one).
MONOREPO_POINTER = (
    r"\.\./\.\./(shared|packages|tools|benchmarks|docs|tests-integration)\b|shared/(golden|spec)"
)


def _check_archive(session: nox.Session, package: str, sdist: Path, wheel: Path) -> None:
    """Fail unless the sdist holds tests and LICENSE and nothing points outside the package.

    The one allowed pointer is ``[tool.ruff] extend`` (lint settings of the
    monorepo, never used from an sdist).
    """
    import tarfile
    import zipfile

    with tarfile.open(sdist) as archive:
        members = archive.getmembers()
        names = [m.name.split("/", 1)[1] for m in members if "/" in m.name]
        links = [m.name for m in members if m.issym() or m.islnk()]
        outside = []
        for member in members:
            if not member.isfile() or not member.name.endswith((".py", ".toml", ".cfg", ".txt")):
                continue
            text = archive.extractfile(member).read().decode("utf-8", "replace")
            for number, line in enumerate(text.splitlines(), 1):
                # Two levels up is the monorepo (``../../shared``); one ``..`` is
                # ordinary path handling (tests of path traversal use it).
                pointer = str(ROOT) in line or re.search(MONOREPO_POINTER, line)
                if pointer and not line.startswith('extend = "../../ruff.toml"'):
                    outside.append(f"{member.name}:{number}: {line.strip()}")
    with zipfile.ZipFile(wheel) as archive:
        wheel_license = any(n.endswith("/LICENSE") for n in archive.namelist())
    problems = [
        *(f"symlink {name}" for name in links),
        *(f"points outside the package: {line}" for line in outside),
        *([] if "LICENSE" in names else ["no LICENSE in the sdist"]),
        *([] if wheel_license else ["no LICENSE in the wheel"]),
        *([] if any(n.startswith("tests/") for n in names) else ["no tests/ in the sdist"]),
    ]
    if problems:
        session.error(f"{sdist.name}: " + "; ".join(problems))


def _fresh_venv(session: nox.Session, where: Path) -> str:
    session.run(UV, "venv", "-q", "-p", sys.executable, str(where / "venv"), external=True)
    return str(where / "venv" / "bin" / "python")


def _installed(session: nox.Session, python: str) -> set[str]:
    """The names of every distribution installed for ``python``."""
    program = (
        "from importlib import metadata\n"
        "print(' '.join(sorted({d.metadata['Name'].lower() for d in metadata.distributions()})))"
    )
    output = session.run(python, "-c", program, external=True, silent=True, log=False)
    return set(output.split())


@nox.session
def docs(session: nox.Session) -> None:
    """Run every example in docs/ (Markdown code blocks are doctests) against the full product."""
    install_from_checkout(session, "signac", ("test", "all"))
    session.chdir(ROOT)
    run_pytest(session, "--doctest-glob=*.md", "docs")


@nox.session
def demo(session: nox.Session) -> None:
    """Walk through a sample project of a few hundred jobs in a temporary directory."""
    install_from_checkout(session, "signac", ("h5", "pandas"))
    session.run("python", str(ROOT / "docs" / "demo.py"))


@nox.session
def bench(session: nox.Session) -> None:
    """Print the benchmark tables of benchmarks/bench_*.py (floors beside the figures)."""
    install_from_checkout(session, "signac", ("test", "all"))
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        session.log(f"== {script.name}")
        session.run("python", str(script), *session.posargs)
