"""No lost updates: several processes write distinct keys into the same JSON file."""

import json
import os
import subprocess
import sys
import time

import pytest

WORKER = r"""
import os, sys, time
from synced_collections.backends import collection_json as cj

path, worker, mode, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
go = path + ".go"
while not os.path.exists(go):
    time.sleep(0.002)
cls = {
    "plain": cj.JSONDict,
    "attr": cj.JSONAttrDict,
    "buffered": cj.BufferedJSONAttrDict,
    "buffered-small": cj.BufferedJSONAttrDict,
    "memory": cj.MemoryBufferedJSONAttrDict,
    "local": cj.BufferedJSONDict,
    "list": cj.JSONList,
    "nothreads": cj.JSONDict,
}[mode]
if mode == "nothreads":  # kept difference: the process lock stays without thread locks
    cj.JSONDict.disable_multithreading()
    cls = cj.JSONDict
doc = cls(path)
keys = [f"w{worker}-k{i}" for i in range(count)]
if mode in ("plain", "attr", "nothreads"):
    for i, key in enumerate(keys):
        doc[key] = i
elif mode == "list":
    for key in keys:
        doc.append(key)
elif mode == "local":
    with doc.buffered:
        len(doc)  # load into the buffer before the others flush
        time.sleep(0.05)
        for i, key in enumerate(keys):
            doc[key] = i
else:
    size = 2000 if mode == "buffered-small" else None
    with cls.buffer_backend(buffer_size=size):
        len(doc)
        time.sleep(0.05)
        for i, key in enumerate(keys):
            doc[key] = {"i": i}
"""

PROCESSES = 8


def run_workers(path, mode, count):
    env = dict(os.environ)
    modes = mode if isinstance(mode, list) else [mode] * PROCESSES
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(path), str(n), modes[n], str(count)],
            env=env,
            stderr=subprocess.PIPE,
        )
        for n in range(PROCESSES)
    ]
    time.sleep(0.3)  # let the interpreters start
    open(str(path) + ".go", "w").close()
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr.decode()
    os.unlink(str(path) + ".go")


@pytest.mark.parametrize(
    "mode, count",
    [
        ("plain", 200),
        ("nothreads", 200),
        ("attr", 50),
        ("buffered", 200),
        ("buffered-small", 50),
        ("memory", 200),
        ("local", 200),
    ],
)
def test_no_lost_updates(tmp_path, mode, count):
    path = tmp_path / "doc.json"
    run_workers(path, mode, count)
    with open(path) as file:
        data = json.load(file)
    assert len(data) == PROCESSES * count
    for n in range(PROCESSES):
        assert data[f"w{n}-k{count - 1}"] in (count - 1, {"i": count - 1})
    assert sorted(os.listdir(tmp_path)) == ["doc.json"]  # no lock or temporary files left


def test_no_lost_appends(tmp_path):
    path = tmp_path / "list.json"
    run_workers(path, "list", 50)
    with open(path) as file:
        assert len(json.load(file)) == PROCESSES * 50


def test_mixed_buffered_and_unbuffered_writers(tmp_path):
    path = tmp_path / "doc.json"
    modes = ["plain", "buffered", "memory", "local", "buffered-small", "attr", "plain", "memory"]
    run_workers(path, modes, 60)
    with open(path) as file:
        assert len(json.load(file)) == PROCESSES * 60
    assert sorted(os.listdir(tmp_path)) == ["doc.json"]
