"""Benchmark the JSON backend of synced-collections.

- 1,000 single-key writes to one JSONDict: unbuffered (every write is a locked,
  fsync-ed, atomic load-modify-save), inside a buffered context (serialized
  buffer) and inside a memory-buffered context; plus the same with a plain
  json.dump per write as a reference floor for the unbuffered case.
- Loading a 1 MB document (first read of a new JSONDict, and a full
  plain copy with doc()), beside bare json.load.
- A small state point in a JSONAttrDict / BufferedJSONAttrDict: construction
  with nested data (mostly building the nested collections) and nested
  attribute reads such as ``sp.b.c`` (two file reads).

Prints a table; best of 3 runs.

Run: python benchmarks/bench_synced_collections.py
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import timeit

from synced_collections.backends.collection_json import (
    BufferedJSONAttrDict,
    BufferedJSONDict,
    JSONAttrDict,
    JSONDict,
    MemoryBufferedJSONDict,
)

N_WRITES = 1_000
REPEAT = 3


def best(function, setup=None):
    times = []
    for _ in range(REPEAT):
        if setup is not None:
            setup()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        fn = os.path.join(tmp, "doc.json")

        def fresh():
            if os.path.exists(fn):
                os.unlink(fn)

        def plain_json():
            data = {}
            for i in range(N_WRITES):
                data[f"k{i}"] = i
                with open(fn, "w") as file:
                    json.dump(data, file)

        def unbuffered():
            doc = JSONDict(fn)
            for i in range(N_WRITES):
                doc[f"k{i}"] = i

        def buffered():
            doc = BufferedJSONDict(fn)
            with doc.buffered:
                for i in range(N_WRITES):
                    doc[f"k{i}"] = i

        def memory_buffered():
            doc = MemoryBufferedJSONDict(fn)
            with doc.buffered:
                for i in range(N_WRITES):
                    doc[f"k{i}"] = i

        reference = best(plain_json, fresh)
        rows.append((f"{N_WRITES} writes: json.dump per write (no fsync, no lock)", reference))
        for name, function in [
            ("JSONDict, unbuffered (lock + fsync + replace)", unbuffered),
            ("BufferedJSONDict, buffered context", buffered),
            ("MemoryBufferedJSONDict, buffered context", memory_buffered),
        ]:
            rows.append((f"{N_WRITES} writes: {name}", best(function, fresh)))
            with open(fn) as file:
                assert len(json.load(file)) == N_WRITES

        # ---- 1 MB document
        document = {
            f"key{i}": {"value": i, "text": "x" * 20, "list": [i, i + 0.5]} for i in range(14_000)
        }
        with open(fn, "w") as file:
            json.dump(document, file)
        size = os.path.getsize(fn)

        def bare_load():
            with open(fn) as file:
                json.load(file)

        rows.append((f"load {size / 1e6:.2f} MB: json.load", best(bare_load)))
        rows.append(
            (f"load {size / 1e6:.2f} MB: JSONDict(fn)['key0']", best(lambda: JSONDict(fn)["key0"]))
        )
        rows.append(
            (f"load {size / 1e6:.2f} MB: JSONDict(fn)() (plain copy)", best(lambda: JSONDict(fn)()))
        )
        doc = JSONDict(fn)
        doc()
        rows.append(
            (f"reload {size / 1e6:.2f} MB into an open JSONDict", best(lambda: doc["key0"]))
        )

        # ---- small state point: nested construction and attribute access
        statepoint = {"a": 1, "b": {"c": {"d": 1, "e": [1, 2, {"f": 3}]}, "g": "h"}, "i": [1, 2]}
        sp_fn = os.path.join(tmp, "sp.json")
        JSONAttrDict(sp_fn, data=statepoint)._save()
        sp = JSONAttrDict(sp_fn)
        bsp = BufferedJSONAttrDict(sp_fn)
        for name, function in [
            ("JSONAttrDict(fn, data=statepoint)", lambda: JSONAttrDict(sp_fn, data=statepoint)),
            (
                "BufferedJSONAttrDict(fn, data=statepoint)",
                lambda: BufferedJSONAttrDict(sp_fn, data=statepoint),
            ),
            ("nested child: JSONAttrDict._from_base", lambda: sp._from_base(statepoint, parent=sp)),
            ("sp.b.c (JSONAttrDict, 2 file reads)", lambda: sp.b.c),
            ("sp.b.c (BufferedJSONAttrDict, unbuffered)", lambda: bsp.b.c),
            ("BufferedJSONAttrDict(fn).b.c (first load)", lambda: BufferedJSONAttrDict(sp_fn).b.c),
        ]:
            seconds = min(timeit.repeat(function, number=N_WRITES, repeat=5))
            rows.append((f"{N_WRITES} x state point: {name}", seconds))

    width = max(len(name) for name, _ in rows)
    print(f"{'operation':<{width}}  {'seconds':>9}  {'per op':>10}")
    for name, seconds in rows:
        per_op = f"{seconds / N_WRITES * 1e6:8.1f} us" if name.startswith(str(N_WRITES)) else ""
        print(f"{name:<{width}}  {seconds:9.4f}  {per_op:>10}")


if __name__ == "__main__":
    main()
