"""``signac.contrib.migration``: ``_collect_migrations`` and ``apply_migrations`` (issue 13, item 4)."""

import os
import threading

import pytest

import signac_core
from signac_core.errors import IncompatibleSchemaVersion
from signac_core.migration import FN_MIGRATION_LOCKFILE, _collect_migrations, apply_migrations


def _project_at_version(root, version):
    os.makedirs(root)
    with open(os.path.join(root, "signac.rc"), "w") as file:
        file.write(f"project = old\nschema_version = {version}\n")
    return signac_core.Project.get_project(root=root, search=False, _ignore_schema_version=True)


def test_nothing_to_do_at_version_1(project):
    assert project._config["schema_version"] == "1"
    assert list(_collect_migrations(project)) == []
    before = open(project.fn("signac.rc")).read()
    assert list(apply_migrations(project)) == []
    assert open(project.fn("signac.rc")).read() == before
    assert not os.path.exists(project.fn(FN_MIGRATION_LOCKFILE))


def test_collect_migrations_from_version_0(tmp_path):
    project = _project_at_version(str(tmp_path / "p"), 0)
    assert isinstance(project._config["schema_version"], str)
    steps = _collect_migrations(project)
    (origin, destination), migrate = next(steps)
    assert (origin, destination) == ("0", "1")
    assert callable(migrate)


def test_newer_version_is_refused(tmp_path):
    root = str(tmp_path / "p")
    project = _project_at_version(root, 2)
    with pytest.raises(RuntimeError, match="schema version"):
        list(_collect_migrations(project))
    with pytest.raises(RuntimeError, match="Try updating signac"):
        list(apply_migrations(project))
    assert "schema_version = 2" in open(os.path.join(root, "signac.rc")).read()
    assert not os.path.exists(os.path.join(root, FN_MIGRATION_LOCKFILE))


def test_apply_migrations_from_version_0(tmp_path, capsys):
    root = str(tmp_path / "p")
    project = _project_at_version(root, 0)
    job = project.open_job({"a": 1}).init()
    with pytest.raises(IncompatibleSchemaVersion):
        signac_core.get_project(root)
    steps = apply_migrations(project)
    assert not os.path.exists(os.path.join(root, FN_MIGRATION_LOCKFILE))  # not started yet
    assert next(steps) == ("0", "1")
    # The lock is held while the generator runs; each step reports on stderr.
    assert os.path.exists(os.path.join(root, FN_MIGRATION_LOCKFILE))
    assert capsys.readouterr() == ("", "Applying migration for version 0 to 1... OK\n")
    assert project._config["schema_version"] == "1"  # reloaded
    assert "schema_version = 1" in open(os.path.join(root, "signac.rc")).read()
    with pytest.raises(StopIteration):
        next(steps)
    assert not os.path.exists(os.path.join(root, FN_MIGRATION_LOCKFILE))
    migrated = signac_core.get_project(root)
    assert migrated.id == "old"
    assert list(migrated) == [job]


def test_lock_excludes_a_second_migration(tmp_path):
    root = str(tmp_path / "p")
    project = _project_at_version(root, 0)
    other = signac_core.Project.get_project(root=root, search=False, _ignore_schema_version=True)
    first = apply_migrations(project)
    assert next(first) == ("0", "1")
    results = []
    thread = threading.Thread(target=lambda: results.append(list(apply_migrations(other))))
    thread.start()
    thread.join(0.3)
    assert thread.is_alive()  # waits for the lock
    list(first)
    thread.join(5)
    assert not thread.is_alive()
    assert results == [[("0", "1")]]  # its configuration was read before the first migration
    assert "schema_version = 1" in open(os.path.join(root, "signac.rc")).read()


def test_failed_migration_keeps_the_version(tmp_path, monkeypatch):
    from signac_core import migration

    def broken(project):
        raise OSError("disk full")

    monkeypatch.setitem(migration.MIGRATIONS, ("0", "1"), broken)
    root = str(tmp_path / "p")
    project = _project_at_version(root, 0)
    with pytest.raises(RuntimeError, match="Failed to apply migration 1") as info:
        list(apply_migrations(project))
    assert isinstance(info.value.__cause__, OSError)
    assert "schema_version = 0" in open(os.path.join(root, "signac.rc")).read()
    assert not os.path.exists(os.path.join(root, FN_MIGRATION_LOCKFILE))
