"""A walk through signac on a sample project: ``nox -s demo``.

Builds a project of a few hundred jobs in a temporary directory and shows the
main job of the framework: store runs by parameters, find, group, compare,
tabulate and move them. Everything printed comes from the documented
``signac`` 1.7 API.
"""

from __future__ import annotations

import itertools
import os
import tempfile
import time

import numpy as np
import signac


def heading(text: str) -> None:
    print(f"\n== {text}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="signac-demo-") as root:
        start = time.perf_counter()
        project = signac.init_project("demo", root=root)
        heading(f"A project in {project.root_directory()}")

        temperatures = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0]
        pressures = [0.1, 0.5, 1.0, 2.0, 5.0]
        models = ["ideal", "lennard-jones", "hard-sphere"]
        replicas = range(4)
        offsets = {"ideal": 0.0, "lennard-jones": -0.4, "hard-sphere": 0.3}
        for T, p, model, replica in itertools.product(temperatures, pressures, models, replicas):
            job = project.open_job({"T": T, "p": p, "model": model, "replica": replica}).init()
            rng = np.random.default_rng(int(job.id[:8], 16))  # reproducible noise per job
            energy = -p / T + offsets[model] + 0.05 * rng.standard_normal()
            job.doc.update({"energy": round(float(energy), 4), "converged": bool(energy < -0.2)})
        print(f"{len(project)} jobs initialized in {time.perf_counter() - start:.2f} s")
        job = next(iter(project))
        print(f"one of them: {job.id} -> {dict(job.sp)}, document {dict(job.doc)}")

        heading("Arrays in job.data (HDF5)")
        with job.data:
            job.data["trajectory"] = np.linspace(0, 1, 1000).reshape(100, 10)
            shape = job.data["trajectory"].shape
        print(f"job.data['trajectory'] stored with shape {shape} in {job.fn('signac_data.h5')}")

        heading("Find: T > 1.5, lennard-jones, converged")
        found = project.find_jobs(
            {"T": {"$gt": 1.5}, "model": "lennard-jones", "doc.converged": True}
        )
        print(f"{len(found)} jobs, e.g. {[dict(j.sp) for j in itertools.islice(found, 2)]}")

        heading("The schema (what varies across the project)")
        print(project.detect_schema())

        heading("Group by model: mean energy")
        for model, group in project.groupby("model"):
            energies = [j.doc["energy"] for j in group]
            print(f"{model:>14}: {len(energies):3d} jobs, mean energy {np.mean(energies):+.3f}")

        heading("A DataFrame of state points and documents")
        frame = project.to_dataframe()
        print(frame.sort_values(["sp.T", "sp.p"]).head(8).to_string())

        view = os.path.join(root, "view")
        heading("A linked view (human-readable paths to the jobs)")
        project.create_linked_view(prefix=view)
        print(sorted(os.listdir(view)))

        heading("An export to a zip archive")
        target = os.path.join(root, "export.zip")
        paths = project.find_jobs({"model": "ideal", "replica": 0}).export_to(target)
        print(f"{len(paths)} jobs exported to {target}")


if __name__ == "__main__":
    main()
