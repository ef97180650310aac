"""Run the signac command line interface: ``python -m signac``."""

from signac_cli import main

if __name__ == "__main__":
    raise SystemExit(main())
