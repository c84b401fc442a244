"""Run the static checks: ruff, import-linter contracts and mypy on the typed core.

The import contracts and mypy read the package from the ``.tree`` view (see
``pkgview.py``), with setuptools' editable-install finder taken out of the way
so the view, not the installed mapping, is what they analyse.
"""

from __future__ import annotations

import os
import subprocess
import sys

from pkgview import ROOT, build

TYPED_CORE = ("mosaicolabs.domain", "mosaicolabs.ports", "mosaicolabs.application")


def _use_view() -> None:
    tree = build()
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
    sys.path.insert(0, str(tree))
    for name in [m for m in sys.modules if m == "mosaicolabs" or m.startswith("mosaicolabs.")]:
        del sys.modules[name]


def run_ruff() -> int:
    return subprocess.call([sys.executable, "-m", "ruff", "check", str(ROOT)])


def run_import_linter() -> int:
    from importlinter.cli import lint_imports

    # import-linter puts the working directory first on sys.path; inside the view,
    # that directory *is* the package root, not the repository's partial mosaicolabs/.
    here = os.getcwd()
    os.chdir(ROOT / ".tree")
    try:
        return lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    finally:
        os.chdir(here)


def run_mypy() -> int:
    from mypy import api

    args = ["--config-file", str(ROOT / "pyproject.toml")]
    for package in TYPED_CORE:
        args += ["-p", package]
    out, err, status = api.run(args)
    sys.stdout.write(out)
    sys.stderr.write(err)
    return status


def main() -> int:
    _use_view()
    failures = [
        name
        for name, check in (
            ("ruff", run_ruff),
            ("import-linter", run_import_linter),
            ("mypy", run_mypy),
        )
        if check() != 0
    ]
    if failures:
        print("static checks failed: " + ", ".join(failures), file=sys.stderr)
        return 1
    print("static checks passed: ruff, import-linter, mypy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
