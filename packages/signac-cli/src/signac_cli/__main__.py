"""Run the signac command line interface: ``python -m signac_cli``."""

from ._main import main

if __name__ == "__main__":
    raise SystemExit(main())
