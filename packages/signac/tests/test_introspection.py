"""Tools that walk the namespace: star import, help(), pydoc, inspect, hasattr."""

import inspect
import pydoc
import subprocess
import sys

import pytest

import signac
from signac import _paths


def test_star_import_gives_every_name_of_all():
    namespace: dict = {}
    exec("from signac import *", namespace)
    names = set(namespace) - {"__builtins__"}
    assert names == set(signac.__all__)
    assert namespace["Project"] is signac.Project


@pytest.mark.parametrize(
    "path", ["signac.contrib", "signac.contrib.project", "signac.core.jsondict"]
)
def test_star_import_of_a_gathered_path(path):
    namespace: dict = {}
    exec(f"from {path} import *", namespace)
    assert set(namespace) - {"__builtins__"} == set(sys.modules[path].__all__)


def test_help_renders(capsys):
    help(signac)
    out = capsys.readouterr().out
    assert "Project" in out and "get_project" in out


def test_pydoc_renders_the_package_and_contrib():
    text = pydoc.render_doc(signac, renderer=pydoc.plaintext)
    assert "signac 1.7" in text
    assert "Collection" in pydoc.render_doc(signac.contrib, renderer=pydoc.plaintext)


def test_python_m_pydoc_signac():
    result = subprocess.run(
        [sys.executable, "-m", "pydoc", "signac"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "get_project" in result.stdout


@pytest.mark.parametrize("module", ["signac", "signac.contrib", "signac.core", "signac.common"])
def test_getmembers_and_dir_list_only_what_resolves(module):
    __import__(module)
    obj = sys.modules[module]
    members = dict(inspect.getmembers(obj))
    assert set(members) == set(dir(obj))  # every listed name resolves


@pytest.mark.parametrize("name", sorted(_paths.TOP_LEVEL))
def test_hasattr_answers_without_raising(name):
    assert hasattr(signac, name) == (name in dir(signac))


def test_hasattr_of_names_1_7_never_had():
    assert not hasattr(signac, "no_such_name")
    assert not hasattr(signac.contrib, "no_such_name")
    assert not hasattr(signac.core, "no_such_module")


def test_import_signac_loads_no_heavy_dependency():
    program = (
        "import sys, signac\n"
        "heavy = {'numpy', 'h5py', 'pandas', 'pymongo', 'redis', 'zarr', 'tables', 'bson'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
