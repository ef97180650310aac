"""Backends for synced collections.

Import the backend modules directly (``synced_collections.backends.collection_json``);
the MongoDB, Redis and Zarr modules need their optional dependencies only when used.
"""
