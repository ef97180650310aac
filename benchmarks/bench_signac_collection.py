"""Benchmark signac_collection: find times on 10,000 and 100,000 documents.

Run: python benchmarks/bench_signac_collection.py [--sizes 10000 100000]

For every query it reports the first call (which builds the indexes it needs)
and the median of repeated calls (indexes built). Also: building the collection,
compile_filter over plain dicts, and find on a file-backed collection's reload.
"""

import argparse
import random
import statistics
import time

from signac_collection import Collection, compile_filter

QUERIES = [
    ("indexed equality", {"a": 123}),
    ("equality, whole number float", {"a": 123.0}),
    ("$in (3 values)", {"a": {"$in": [1, 2, 3]}}),
    ("$gt range (~1%)", {"b": {"$gt": 0.99}}),
    ("$gt range (~50%)", {"b": {"$gt": 0.5}}),
    ("$regex", {"name": {"$regex": "^run-12"}}),
    ("nested key", {"sp.x": 42}),
    ("nested mapping", {"sp": {"x": 42, "y": "p3"}}),
    ("$and compound", {"$and": [{"a": {"$lt": 10}}, {"sp.x": {"$gte": 50}}]}),
    ("$or compound", {"$or": [{"a": 5}, {"sp.y": "p7", "flag": True}]}),
    ("$exists", {"opt": {"$exists": True}}),
    ("$type float", {"b": {"$type": "float"}}),
    ("$near", {"b": {"$near": [0.5, 1e-3]}}),
    ("$not", {"$not": {"a": {"$lt": 990}}}),
]


def make_docs(n, seed=0):
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        doc = {
            "_id": f"{i:032x}",
            "a": rng.randrange(1000),
            "b": rng.random(),
            "name": f"run-{i}",
            "flag": rng.random() < 0.5,
            "sp": {"x": rng.randrange(100), "y": f"p{rng.randrange(10)}"},
        }
        if i % 7 == 0:
            doc["opt"] = None
        docs.append(doc)
    return docs


def timed(func, repeat=1):
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def fmt(seconds):
    if seconds < 1e-3:
        return f"{seconds * 1e6:8.1f} us"
    if seconds < 1:
        return f"{seconds * 1e3:8.2f} ms"
    return f"{seconds:8.2f} s "


def bench(n):
    docs = make_docs(n)
    print(f"\n== {n:,} documents ==")
    t_build, coll = timed(lambda: Collection(docs))
    t_trust, _ = timed(lambda: Collection([dict(d) for d in docs], _trust=True))
    print(f"{'Collection(docs) (validated copies)':40s} {fmt(t_build)}")
    print(f"{'Collection(docs, _trust=True)':40s} {fmt(t_trust)}")
    print(f"{'query':40s} {'first call':>12s} {'repeated':>12s} {'matches':>9s}")
    for name, query in QUERIES:
        first, ids = timed(lambda q=query: coll.find_ids(q))
        repeat = 200 if n <= 10_000 else 50
        again, ids2 = timed(lambda q=query: coll.find_ids(q), repeat=repeat)
        assert ids == ids2
        print(f"{name:40s} {fmt(first):>12s} {fmt(again):>12s} {len(ids):9d}")
    # a single equality lookup in the index
    index = coll.index("a")
    t_lookup, _ = timed(lambda: index[123], repeat=1000)
    print(f"{'index lookup index[123]':40s} {'':>12s} {fmt(t_lookup):>12s}")
    t_one, _ = timed(lambda: coll.find_one({"a": 123}), repeat=200)
    print(f"{'find_one (indexed)':40s} {'':>12s} {fmt(t_one):>12s}")
    # the plain-dict predicate over every document (no index)
    match = compile_filter({"sp.x": 42, "b": {"$gt": 0.5}})
    t_scan, hits = timed(lambda: sum(1 for d in docs if match(d)), repeat=3)
    print(f"{'compile_filter scan (2 conditions)':40s} {'':>12s} {fmt(t_scan):>12s} {hits:9d}")
    t_iter, _ = timed(lambda: sum(1 for _ in coll.find({"a": {"$lt": 100}})), repeat=3)
    print(f"{'iterate find() result (~10%, copies)':40s} {'':>12s} {fmt(t_iter):>12s}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    for n in args.sizes:
        bench(n)


if __name__ == "__main__":
    main()
