"""Issues 14 and 15 together: ``signac config host`` writes the host entry that ``get_database`` reads."""

import os
import subprocess
import sys

import pytest


def run(args, home, **kwargs):
    env = {**os.environ, "HOME": str(home)}
    return subprocess.run(args, env=env, capture_output=True, text=True, **kwargs)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_config_host_then_get_database(tmp_path, mongo_server):
    home = tmp_path / "home"
    home.mkdir()
    added = run(
        [sys.executable, "-m", "signac", "config", "host", "testhost", mongo_server.uri], home
    )
    assert added.returncode == 0, added.stderr
    with open(home / ".signacrc") as file:
        text = file.read()
    assert "[hosts]" in text and "[[testhost]]" in text and mongo_server.uri in text

    script = (
        "import signac\n"
        "db = signac.get_database('signac_config_host_test', hostname='testhost')\n"
        "db.jobs.insert_one({'_id': 'x', 'a': 1})\n"
        "print(db.jobs.find_one({'_id': 'x'})['a'])\n"
        "signac.get_database('signac_config_host_test').client.drop_database('signac_config_host_test')\n"
    )
    used = run([sys.executable, "-c", script], home)
    assert used.returncode == 0, used.stderr
    assert used.stdout.strip() == "1"

    removed = run([sys.executable, "-m", "signac", "-y", "config", "host", "testhost", "-r"], home)
    assert removed.returncode == 0, removed.stderr
    missing = run(
        [sys.executable, "-c", "import signac; signac.get_database('d', hostname='testhost')"], home
    )
    assert missing.returncode == 1
    assert "Host 'testhost' not configured." in missing.stderr
