"""The version of signac-cli."""

__version__ = "0.1.0"

#: The signac API version the command implements (``signac --version``).
API_VERSION = "1.7.0"
