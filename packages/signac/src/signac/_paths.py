"""The one table of every documented signac 1.7 import path and where it points.

Three kinds of path:

``ALIASES``
    The documented path *is* one of our modules under another name. An import
    hook maps it, so both names give the same module object (``mock.patch`` and
    pickling work through either). An alias covers the submodules too:
    ``signac.synced_collections.backends.collection_json`` is
    ``synced_collections.backends.collection_json``.
``GATHERED``
    The documented path collects names from several of our modules. It is a
    small real module of the meta-package (``signac/contrib/project.py``) that
    imports the very same objects, one line per name, so type checkers and
    IDEs see it. The table lists every name signac 1.7 has there; a name whose
    implementation is not built yet is absent from the module until its import
    line is added (``tests/test_namespace.py`` says which line is missing).
``NAMESPACES``
    Documented packages that only hold other paths (``signac.core``).

Top-level names of ``signac`` are in ``TOP_LEVEL`` (imported on first use);
``TOP_LEVEL_ALL`` is signac 1.7's ``__all__``.
"""

from __future__ import annotations

ALIASES: dict[str, str] = {
    "signac.synced_collections": "synced_collections",
    # The spec's module index also names the buffers package ``buffered``.
    "signac.synced_collections.buffered": "synced_collections.buffers",
    "signac.contrib.collection": "signac_collection",
    "signac.core.h5store": "signac_h5store",
    "signac.errors": "signac_core.errors",
    "signac.warnings": "signac_core.warnings",
    "signac.sync": "signac_core.sync",
    "signac.syncutil": "signac_core.syncutil",
    "signac.contrib.schema": "signac_core.schema",
    "signac.contrib.linked_view": "signac_core.linked_view",
    "signac.contrib.import_export": "signac_core.import_export",
    "signac.contrib.indexing": "signac_core.indexing",
    "signac.contrib.migration": "signac_core.migration",
    "signac.db": "signac_core.db",
    "signac.common.host": "signac_core.host",
    "signac.testing": "signac_core.testing",
}

#: path -> {attribute: "module:attribute"}: the names signac 1.7 has at each
#: gathered path, in 1.7's order. Each path is a small real module of the
#: meta-package that imports the names whose implementation exists; a name not
#: built yet is absent (its import line is added when it lands).
GATHERED: dict[str, dict[str, str]] = {
    "signac.contrib": {
        "indexing": "signac.contrib.indexing",
        "Project": "signac_core:Project",
        "TemporaryProject": "signac_core:TemporaryProject",
        "get_project": "signac_core:get_project",
        "init_project": "signac_core:init_project",
        "get_job": "signac_core:get_job",
        **{
            name: f"signac_core.indexing:{name}"
            for name in (
                "BaseCrawler",
                "RegexFileCrawler",
                "JSONCrawler",
                "SignacProjectCrawler",
                "MasterCrawler",
                "MainCrawler",
                "fetch",
                "export_one",
                "export",
                "export_to_mirror",
                "export_pymongo",
                "index_files",
                "index",
            )
        },
        "Collection": "signac_collection:Collection",
    },
    "signac.contrib.project": {
        "Project": "signac_core:Project",
        "JobsCursor": "signac_core:JobsCursor",
        "TemporaryProject": "signac_core:TemporaryProject",
        "get_project": "signac_core:get_project",
        "init_project": "signac_core:init_project",
        "get_job": "signac_core:get_job",
        "_ProjectConfig": "signac_core.config:_ProjectConfig",
    },
    "signac.contrib.job": {"Job": "signac_core:Job"},
    "signac.contrib.errors": {
        name: f"signac_core.errors:{name}"
        for name in (
            "DestinationExistsError",
            "IncompatibleSchemaVersion",
            "JobsCorruptedError",
            "StatepointParsingError",
            "WorkspaceError",
        )
    },
    "signac.contrib.filterparse": {
        "parse_filter_arg": "signac_core.filters:parse_filter_arg",
        "parse_simple": "signac_collection:parse_simple",
    },
    "signac.contrib.hashing": {"calc_id": "signac_core:calc_id"},
    "signac.contrib.utility": {
        "query_yes_no": "signac_core.utility:query_yes_no",
        "_mkdir_p": "signac_core._fsutil:_mkdir_p",
    },
    "signac.core.errors": {"Error": "signac_core.errors:Error"},
    "signac.core.jsondict": {
        "JSONDict": "signac_core._legacy_dicts:JSONDict",
        "buffer_reads_writes": "signac_core.jsondict:buffer_reads_writes",
        "in_buffered_mode": "signac_core.jsondict:in_buffered_mode",
        "flush_all": "signac_core.jsondict:flush_all",
        "get_buffer_size": "signac_core.jsondict:get_buffer_size",
        "get_buffer_load": "signac_core.jsondict:get_buffer_load",
        "set_buffer_size": "signac_core.jsondict:set_buffer_size",
        "BufferException": "signac_core.errors:BufferException",
        "BufferedFileError": "signac_core.errors:BufferedFileError",
    },
    "signac.core.attrdict": {"SyncedAttrDict": "signac_core._legacy_dicts:SyncedAttrDict"},
    "signac.core.synceddict": {"_SyncedDict": "signac_core._legacy_dicts:_SyncedDict"},
    "signac.core.dict_manager": {"DictManager": "signac_h5store:DictManager"},
    "signac.core.utility": {
        "Version": "signac_core._version_parsing:Version",
        "parse_version": "signac_core._version_parsing:parse_version",
    },
    "signac.common.config": {
        "Config": "signac_core.config:Config",
        "get_config": "signac_core.config:get_config",
        "load_config": "signac_core.config:load_config",
        "read_config_file": "signac_core.config:read_config_file",
        "search_tree": "signac_core.config:search_tree",
        "search_standard_dirs": "signac_core.config:search_standard_dirs",
        "FN_CONFIG": "signac_core.config:FN_CONFIG",
    },
    "signac.common.errors": {
        "Error": "signac_core.errors:Error",
        "ConfigError": "signac_core.errors:ConfigError",
        "AuthenticationError": "signac_core.errors:AuthenticationError",
        "ExportError": "signac_core.errors:ExportError",
        "FetchError": "signac_core.errors:FetchError",
    },
}

#: Documented submodules reached through an alias (``signac.synced_collections``).
ALIASED_SUBMODULES: frozenset[str] = frozenset(
    f"signac.synced_collections.{name}"
    for name in (
        "errors",
        "validators",
        "utils",
        "numpy_utils",
        "data_types",
        "data_types.synced_collection",
        "data_types.synced_dict",
        "data_types.synced_list",
        "data_types.attr_dict",
        "backends",
        "backends.collection_json",
        "backends.collection_mongodb",
        "backends.collection_redis",
        "backends.collection_zarr",
        "buffers",
        "buffers.buffered_collection",
        "buffers.file_buffered_collection",
        "buffers.serialized_file_buffered_collection",
        "buffers.memory_buffered_collection",
        "buffered",
        "buffered.buffered_collection",
        "buffered.file_buffered_collection",
        "buffered.serialized_file_buffered_collection",
        "buffered.memory_buffered_collection",
    )
)

#: Documented packages that only hold other paths (real packages whose
#: children are imported on first attribute access).
NAMESPACES: frozenset[str] = frozenset({"signac.core", "signac.common"})

#: Modules of the meta-package itself (real files), documented as they are.
OWN_MODULES: frozenset[str] = frozenset({"signac.cite", "signac.__main__"})

#: name in ``signac`` -> "module:attribute" (or "module" for a module)
TOP_LEVEL: dict[str, str] = {
    "contrib": "signac.contrib",
    "core": "signac.core",
    "common": "signac.common",
    "db": "signac.db",
    "errors": "signac.errors",
    "warnings": "signac.warnings",
    "sync": "signac.sync",
    "cite": "signac.cite",
    "testing": "signac.testing",
    "synced_collections": "signac.synced_collections",
    "Project": "signac_core:Project",
    "TemporaryProject": "signac_core:TemporaryProject",
    "get_project": "signac_core:get_project",
    "init_project": "signac_core:init_project",
    "get_job": "signac_core:get_job",
    "diff_jobs": "signac_core:diff_jobs",
    "get_database": "signac_core.db:get_database",
    "fetch": "signac_core.indexing:fetch",
    "export_one": "signac_core.indexing:export_one",
    "export": "signac_core.indexing:export",
    "export_to_mirror": "signac_core.indexing:export_to_mirror",
    "export_pymongo": "signac_core.indexing:export_pymongo",
    "index_files": "signac_core.indexing:index_files",
    "index": "signac_core.indexing:index",
    "RegexFileCrawler": "signac_core.indexing:RegexFileCrawler",
    "MainCrawler": "signac_core.indexing:MainCrawler",
    "MasterCrawler": "signac_core.indexing:MasterCrawler",
    "SignacProjectCrawler": "signac_core.indexing:SignacProjectCrawler",
    "JSONDict": "signac_core.jsondict:JSONDict",
    "H5Store": "signac_h5store:H5Store",
    "H5StoreManager": "signac_h5store:H5StoreManager",
    "Collection": "signac_collection:Collection",
    "buffered": "signac_core.jsondict:buffered",
    "is_buffered": "signac_core.jsondict:is_buffered",
    "flush": "signac_core.jsondict:flush",
    "get_buffer_size": "signac_core.jsondict:get_buffer_size",
    "get_buffer_load": "signac_core.jsondict:get_buffer_load",
    "set_buffer_size": "signac_core.jsondict:set_buffer_size",
}

#: signac 1.7's ``signac.__all__``, in its order (the available ones are ours).
TOP_LEVEL_ALL: tuple[str, ...] = (
    "__version__", "contrib", "db", "errors", "warnings", "sync", "cite",
    "Project", "TemporaryProject", "get_project", "init_project", "get_job", "diff_jobs",
    "get_database", "fetch", "export_one", "export", "export_to_mirror", "export_pymongo",
    "index_files", "index", "RegexFileCrawler", "MainCrawler", "MasterCrawler",
    "SignacProjectCrawler", "JSONDict", "H5Store", "H5StoreManager", "Collection",
    "buffered", "is_buffered", "flush", "get_buffer_size", "get_buffer_load", "set_buffer_size",
)  # fmt: skip

#: The import names of our own distributions (a missing module or name of
#: these means "not built yet"; anything else missing is a real error).
OWN_PACKAGES: frozenset[str] = frozenset(
    {
        "signac",
        "signac_core",
        "signac_collection",
        "signac_h5store",
        "synced_collections",
        "signac_cli",
    }
)


def alias_target(fullname: str) -> str | None:
    """Return the real module behind an aliased path (or a submodule of one)."""
    for alias, target in sorted(ALIASES.items(), key=lambda item: -len(item[0])):
        if fullname == alias:
            return target
        if fullname.startswith(alias + "."):
            return target + fullname[len(alias) :]
    return None


def documented_paths() -> list[str]:
    """Every documented module path the meta-package provides."""
    return sorted({*ALIASES, *ALIASED_SUBMODULES, *GATHERED, *NAMESPACES, *OWN_MODULES})
