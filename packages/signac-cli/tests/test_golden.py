"""Replay the signac 1.7 command session of ``data/cli.json`` and compare every case.

The README of the golden data says how: the cases run in order in one set of
directories (each sees the state the previous ones left), ``"setup"`` items are
created with the Python API where ``"steps"`` says, placeholders stand for the
directories, usage blocks, tracebacks and the file:line of warnings are
normalized, ``"order": "any"`` cases compare in the order-free form and
``"unstable"`` cases agree with either observation.

Deliberate rules of this replay:

* progress bars: signac 1.7 drew its tqdm bars on stderr even when piped (the
  golden ``<PROGRESS label>`` lines); ours appear only on a terminal, so those
  lines are dropped from the expected stderr.
* an ``unstable`` case whose two observations differ only in the order of the
  items of ``a, b, c`` lists (set iteration order) compares those lists sorted.
* the deliberate differences of :data:`DIFFERENCES` (listed in the README) are
  asserted as the golden record with the fields that differ replaced by ours.
* ``find`` prints jobs in the order the workspace directory lists them (so did
  1.7 without a filter); that order belongs to the file system, so ``find``
  cases compare stdout in the order-free form whether marked or not.

"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

DATA = json.loads((Path(__file__).parent / "data" / "cli.json").read_text())
CASES = DATA["cases"]
CASES_BY_ID = {case["case"]: case for case in CASES}
SETUP = DATA["setup"]

PLACEHOLDERS = {
    "<ROOT>": "golden",
    "<MIRROR>": "mirror",
    "<SCRATCH1>": "scratch1",
    "<SCRATCH2>": "scratch2",
    "<OTHER>": "other",
    "<IMPORT>": "imported",
    "<RAW>": "raw",
    "<NOPROJ>": "noproj",
    "<HOME>": "home",
}


def _has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False


#: The deliberate differences from signac 1.7 (the README's "Differences from signac
#: 1.7"): 1.7 bugs that lose data, and which of several existing destinations an error
#: names. Each is the golden record with these fields replaced, and the replay asserts
#: exactly that: our output, and that the record differs from it in these fields only.
DIFFERENCES: dict[str, tuple[str, dict[str, object]]] = {
    "cli-146": (
        "view with a path shared by several jobs: 1.7's command silently linked one of "
        "them and dropped the others (its API raises for the same input); we raise",
        {
            "exit": 1,
            "stderr": 'Interpreted filter arguments as \'{"b": "y"}\'.\n'
            "Error: Paths generated with given path function are not unique!\n",
            "tree": {"<BASE>/view5": None},
        },
    ),
    "cli-156": (
        "the single-job zip export of cli-150 (its job at the archive root): 1.7's import "
        "read it as 'Nothing to import.' and lost the job; we import it",
        {"stderr": "Prepare data space for import...\nImported 1 job(s).\n"},
    ),
    "cli-158": (
        "the job imported by cli-156 is listed",
        {
            "stdout": CASES_BY_ID["cli-158"]["stdout"]
            + "198d14a3a1d8357584431278cc7e4fce\n{'a': 5, 'b': 'z', 'l': [1, 2]}\n"
        },
    ),
    "cli-163": (
        "import of jobs that all exist: we name the first in the origin's path order "
        "(x/1); 1.7 named the first its temporary project's workspace listed (y/1)",
        {
            "stderr": "Prepare data space for import...\n"
            "Destination '4f5f4713d180fb0cb1041f7caf4faaaa' already exists.\n"
            "Consider using '--sync' or '--sync-interactive'!\nImport failed.\n"
        },
    ),
}


def command() -> list[str]:
    """``python -m signac`` through the meta-package when installed, else ``-m signac_cli``.

    Both run a ``__main__.py``, the program name of the golden usage messages.
    """
    module = "signac" if _has_module("signac.__main__") else "signac_cli"
    return [sys.executable, "-m", module]


# -- normalizing what a command printed --------------------------------------------------
_USAGE = re.compile(r"usage: .*?(?=\n[^ \n]|\Z)", re.DOTALL)
_TRACEBACK = re.compile(r"Traceback \(most recent call last\):\n(?:[ ].*\n)*")
_WARNING = re.compile(r"^\S[^\n]*?:\d+: (\w*Warning): ([^\n]*)\n(?:  [^\n]*\n)?", re.MULTILINE)
_PROGRESS = re.compile(r"^<PROGRESS [^>]*>\n", re.MULTILINE)
_HEX_ID = re.compile(r"[0-9a-f]{32}")


def normalize(text: str, paths: dict[str, str]) -> str:
    """Put placeholders, ``<USAGE>``, ``<TRACEBACK>`` and ``<FILE>:<LINE>:`` into output."""
    for placeholder, path in sorted(paths.items(), key=lambda item: -len(item[1])):
        text = text.replace(path, placeholder)
    text = _TRACEBACK.sub("<TRACEBACK>\n", text)
    text = _WARNING.sub(r"<FILE>:<LINE>: \1: \2\n", text)
    return _USAGE.sub("<USAGE>", text)


def order_free(text: str) -> str:
    """The order-free form: blocks led by a job id line sorted as blocks, else lines."""
    lines = text.splitlines(keepends=True)
    if lines and _HEX_ID.fullmatch(lines[0].rstrip("\n")):
        blocks: list[list[str]] = []
        for line in lines:
            if _HEX_ID.fullmatch(line.rstrip("\n")) or not blocks:
                blocks.append([])
            blocks[-1].append(line)
        return "".join("".join(block) for block in sorted(blocks))
    return "".join(sorted(lines))


def sorted_lists(text: str) -> str:
    """Sort the items of every ``label: a, b, c`` line."""

    def sort(match: re.Match[str]) -> str:
        return match.group(1) + ", ".join(sorted(match.group(2).split(", ")))

    return re.sub(r"^([^\n:]+: )([^\n]*, [^\n]*)$", sort, text, flags=re.MULTILINE)


def tree(path: Path) -> dict[str, str] | None:
    """Files and links below ``path`` as the golden ``"tree"`` lists them."""
    if not path.is_dir():
        return None
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(path):
        for name in sorted(dirnames + filenames):
            full = Path(dirpath, name)
            rel = full.relative_to(path).as_posix()
            if full.is_symlink():
                out[rel] = "-> " + os.path.basename(os.readlink(full).rstrip("/"))
            elif full.is_file():
                data = full.read_bytes()
                try:
                    out[rel] = data.decode() if len(data) <= 300 else f"<{len(data)} bytes>"
                except UnicodeDecodeError:
                    out[rel] = f"<{len(data)} bytes>"
        dirnames[:] = [d for d in dirnames if not Path(dirpath, d).is_symlink()]
    return out


# -- the session -------------------------------------------------------------------------
class Session:
    """The directories of the golden session and the cases run so far."""

    def __init__(self, base: Path, make_env):
        self.base = base
        self.paths = {ph: str(base / name) for ph, name in PLACEHOLDERS.items()}
        self.paths["<BASE>"] = str(base)
        for placeholder, path in self.paths.items():
            if placeholder not in ("<BASE>", "<RAW>"):
                os.makedirs(path, exist_ok=True)
        self.env = make_env(Path(self.paths["<HOME>"]))
        self.results: dict[str, tuple[int, str, str, dict] | str] = {}
        self.steps = {step["before"]: step for step in SETUP["steps"]}
        self.next = 0

    def subst(self, text: str) -> str:
        for placeholder, path in self.paths.items():
            text = text.replace(placeholder, path)
        return text

    def _setup(self, step: dict) -> None:
        where = Path(self.subst(step["in"]))
        what = step["create"]
        if what.startswith("setup.raw_files"):
            for rel, content in SETUP["raw_files"].items():
                (where / rel).parent.mkdir(parents=True, exist_ok=True)
                (where / rel).write_text(content)
            return
        key = what.split()[0].split(".")[1]
        docs = SETUP["project_docs"]
        doc_of = "<ROOT>" if "of <ROOT>" in what else step["in"]
        code = (
            "import json, os, sys\n"
            "from signac_core import get_project\n"
            "root, jobs, doc = json.loads(sys.argv[1])\n"
            "project = get_project(root=root)\n"
            "for item in jobs:\n"
            "    job = project.open_job(item['sp']).init()\n"
            "    if 'doc' in item:\n"
            "        job.document.update(item['doc'])\n"
            "    for name, (content, mtime) in item.get('files', {}).items():\n"
            "        fn = os.path.join(job.workspace(), name)\n"
            "        os.makedirs(os.path.dirname(fn), exist_ok=True)\n"
            "        with open(fn, 'w') as file:\n"
            "            file.write(content)\n"
            "        os.utime(fn, (mtime, mtime))\n"
            "if doc:\n"
            "    project.document.update(doc)\n"
        )
        payload = json.dumps([str(where), SETUP[key], docs.get(doc_of)])
        subprocess.run([sys.executable, "-c", code, payload], check=True, env=self.env, cwd=where)

    def _run(self, case: dict) -> tuple[int, str, str, dict]:
        if case["case"] in self.steps:
            self._setup(self.steps[case["case"]])
        proc = subprocess.run(
            [*command(), *(self.subst(arg) for arg in case["argv"])],
            cwd=self.subst(case["cwd"]),
            input=case.get("stdin", ""),
            capture_output=True,
            text=True,
            env=self.env,
            timeout=120,
        )
        trees = {where: tree(Path(self.subst(where))) for where in case.get("tree", {})}
        return (
            proc.returncode,
            normalize(proc.stdout, self.paths),
            normalize(proc.stderr, self.paths),
            trees,
        )

    def result(self, case_id: str) -> tuple[int, str, str, dict]:
        """Run the cases up to ``case_id`` (once) and return its observation."""
        while case_id not in self.results:
            case = CASES[self.next]
            self.next += 1
            self.results[case["case"]] = self._run(case)
        return self.results[case_id]


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory, make_env) -> Session:
    return Session(tmp_path_factory.mktemp("golden"), make_env)


def expected_forms(case: dict) -> list[dict]:
    """The observations a case agrees with (the main one and, if unstable, the other)."""
    main = {k: case.get(k) for k in ("exit", "stdout", "stderr", "tree")}
    forms = [main]
    if case.get("unstable"):
        forms.append({**main, **case["other_run"]})
    return forms


def _order_free(case: dict) -> bool:
    return case.get("order") == "any" or case["argv"][:1] == ["find"]


def observed_form(case: dict, observed: tuple[int, str, str, dict]) -> dict:
    exit_code, stdout, stderr, trees = observed
    return {"exit": exit_code, "stdout": stdout, "stderr": stderr, "tree": trees or None}


def _comparable(form: dict, lists: bool, case: dict) -> dict:
    form = dict(form)
    if _order_free(case):
        form["stdout"] = order_free(form["stdout"] or "")
    form["stderr"] = _PROGRESS.sub("", form["stderr"] or "")
    if lists:
        form["stderr"] = sorted_lists(form["stderr"])
        form["stdout"] = sorted_lists(form["stdout"] or "")
    return form


def _lists_only(case: dict) -> bool:
    if not case.get("unstable"):
        return False
    main, other = expected_forms(case)
    return _comparable(main, True, case) == _comparable(other, True, case)


@pytest.mark.parametrize("case", CASES, ids=[case["case"] for case in CASES])
def test_golden_case(session: Session, case: dict) -> None:
    observed = session.result(case["case"])
    lists = _lists_only(case)
    got = _comparable(observed_form(case, observed), lists, case)
    if case["case"] in DIFFERENCES:
        reason, ours = DIFFERENCES[case["case"]]
        golden = expected_forms(case)[0]
        assert all(golden[field] != value for field, value in ours.items())
        assert got == _comparable({**golden, **ours}, lists, case), reason
        return
    wanted = [_comparable(form, lists, case) for form in expected_forms(case)]
    if got not in wanted:
        assert got == wanted[0], case.get("note", "")
