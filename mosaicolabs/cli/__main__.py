"""``python -m mosaicolabs.cli``: the ``mosaico`` command without the console script."""

from __future__ import annotations

import sys

from mosaicolabs.cli import main

if __name__ == "__main__":  # importing the module (pkgutil.walk_packages) runs nothing
    sys.exit(main())
