"""Run the static checks: ruff, import-linter contracts, and mypy --strict plus
basedpyright over the whole package and over the docs examples as user code.

The import contracts and mypy read the package from the ``.tree`` view (see
``pkgview.py``), with setuptools' editable-install finder taken out of the way
so the view, not the installed mapping, is what they analyse. The user-code checks
(see ``typing_checks.py``) see the package installed from a wheel, as users get it.
"""

from __future__ import annotations

import os
import subprocess
import sys

import package_typing
import typing_checks
from pkgview import ROOT, build


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


def _report(results: dict[str, tuple[int, str]]) -> int:
    """Print each checker's verdict (and its output when it failed); 1 if any failed."""
    failed = 0
    for name, (status, output) in results.items():
        print(f"{name}: {'ok' if status == 0 else 'FAILED'}")
        if status:
            sys.stdout.write(output)
            failed = 1
    return failed


def run_package_typing() -> int:
    """mypy --strict and basedpyright over the whole package (see ``package_typing.py``)."""
    view = ROOT / ".tree"
    return _report(package_typing.check_package(view, view / "_pkgtyping"))


def run_user_code_checks() -> int:
    """mypy --strict and basedpyright over the docs examples, as a user's module."""
    work = ROOT / ".tree" / "_typing"
    installed = typing_checks.install_view(work / "installed")
    return _report(typing_checks.check_docs_examples(installed, work))


def main() -> int:
    _use_view()
    failures = [
        name
        for name, check in (
            ("ruff", run_ruff),
            ("import-linter", run_import_linter),
            ("package typing", run_package_typing),
            ("user-code typing", run_user_code_checks),
        )
        if check() != 0
    ]
    if failures:
        print("static checks failed: " + ", ".join(failures), file=sys.stderr)
        return 1
    print("static checks passed: ruff, import-linter, package and user-code typing "
          "(mypy --strict, basedpyright)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
