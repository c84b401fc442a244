"""Entry point of ``python -m mosaicolabs.mock_server``."""

from .cli import main

__all__: list[str] = []

if __name__ == "__main__":
    raise SystemExit(main())
