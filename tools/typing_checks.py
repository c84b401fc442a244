"""Type-check code written the way a user writes it, against the package as installed.

The README and docs examples (every ```` ```python ```` block, one module per page,
blocks in order as they share names) go through ``mypy --strict`` and basedpyright in
strict mode, against the package installed as a user installs it (``install_view``:
``pip install .`` into a folder put on ``PYTHONPATH``, not the editable checkout), so
they report only what the user's code sees of it (its exports, signatures and fields)
and miss nothing the wheel leaves out.

The basedpyright settings are ``[tool.basedpyright]`` in pyproject.toml; the mypy
settings are those of a user of pyarrow/pandas without stubs (``USER_MYPY_CONFIG``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import tomllib
from pkgview import ROOT, lay_out

DOC_PAGES = (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
BLOCK = re.compile(r"```python\n(.*?)```", re.S)

#: Example lines a type checker must flag (they show a refusal at run time), with
#: the mypy error code. Each gets ``# type: ignore[code]`` in the generated module;
#: both checkers report an ignore that is not needed, so the check fails if the
#: error ever goes unseen: proof that the checkers see the models' fields.
EXPECTED_ERRORS: dict[str, str] = {
    'Vector3d(x="1")': "arg-type",
}
#: Example lines that do not type-check under --strict until the docs change them,
#: marked like EXPECTED_ERRORS (a ``report...`` rule: ``# pyright: ignore[rule]``).
DOCS_TO_FIX: dict[str, str] = {}
#: Error codes let through in the docs examples (none: the examples check the Optional
#: results of ``sequence_handler()``, ``topic_handler()`` and ``topic_create()``).
DOCS_RELAXED_MYPY: tuple[str, ...] = ()
DOCS_RELAXED_PYRIGHT: dict[str, object] = {}

#: A page's examples are separate snippets sharing one namespace: a later one may bind
#: a name again to a value of another type (pyright allows that as it is).
USER_MYPY_CONFIG = """\
[mypy]
strict = True
python_version = 3.10
warn_unused_ignores = True
allow_redefinition = True

[mypy-pyarrow,pyarrow.*,pandas,pandas.*]
ignore_missing_imports = True
"""


def build_view(dest: Path) -> Path:
    """Lay out ``dest/mosaicolabs`` (symlinks, like ``.tree``) and return ``dest``."""
    return lay_out(dest)


def install_view(dest: Path) -> Path:
    """Install the package into ``dest`` as a user gets it (``pip install .``, not
    editable: only what the wheel ships, ``py.typed`` included); return ``dest``."""
    shutil.rmtree(dest, ignore_errors=True)
    # setuptools builds in the checkout's build/ and reuses what an older build left
    # there, which would ship modules that pyproject.toml no longer lists.
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--disable-pip-version-check", "--target", str(dest), str(ROOT)],
                   check=True, capture_output=True, text=True, timeout=600)
    return dest


def _marked(line: str) -> str:
    code = EXPECTED_ERRORS.get(line.strip()) or DOCS_TO_FIX.get(line.strip())
    if code is None:
        return line
    checker = "pyright" if code.startswith("report") else "type"
    return f"{line}  # {checker}: ignore[{code}]"


def docs_example_sources(pages: Iterable[Path] = DOC_PAGES) -> dict[str, str]:
    """Module name -> source: each page's examples, one after the other."""
    modules: dict[str, str] = {}
    for page in pages:
        blocks = BLOCK.findall(page.read_text())
        if not blocks:
            continue
        parts = [f'"""The examples of {page.name}, as one user module."""\n']
        for number, block in enumerate(blocks, start=1):
            body = "\n".join(_marked(line) for line in block.splitlines())
            parts.append(f"# --- {page.name}, example {number}\n{body}\n")
        modules[f"docs_{page.stem.lower()}"] = "\n".join(parts)
    return modules


def write_modules(sources: Mapping[str, str], dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, source in sources.items():
        path = dest / f"{name}.py"
        path.write_text(source)
        paths.append(path)
    return paths


def _env(view: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(view), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def run_mypy(files: list[Path], view: Path, work: Path,
             disabled: Iterable[str] = ()) -> tuple[int, str]:
    """``mypy --strict`` on ``files``; returns (exit status, output)."""
    config = work / "mypy_user.ini"
    config.write_text(USER_MYPY_CONFIG)
    args = [sys.executable, "-m", "mypy", "--config-file", str(config),
            "--cache-dir", str(work / ".mypy_cache"), "--no-error-summary"]
    for code in disabled:
        args += ["--disable-error-code", code]
    done = subprocess.run([*args, *map(str, files)], capture_output=True, text=True,
                          env=_env(view), cwd=work, timeout=600)
    return done.returncode, done.stdout + done.stderr


def pyright_settings(relaxed: Mapping[str, object] = {}) -> dict[str, object]:
    """``[tool.basedpyright]`` of pyproject.toml, with ``relaxed`` on top."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["basedpyright"]
    return {**settings, **relaxed}


def run_basedpyright(files: list[Path], view: Path, work: Path,
                     relaxed: Mapping[str, object] = {}) -> tuple[int, str]:
    """basedpyright on ``files``; returns (exit status, output)."""
    config = {**pyright_settings(relaxed), "include": [str(f) for f in files]}
    (work / "pyrightconfig.json").write_text(json.dumps(config, indent=1))
    binary = Path(sys.executable).with_name("basedpyright")
    done = subprocess.run([str(binary), "--pythonpath", sys.executable, "-p", str(work)],
                          capture_output=True, text=True, env=_env(view), cwd=work, timeout=600)
    return done.returncode, done.stdout + done.stderr


def check_docs_examples(view: Path, work: Path) -> dict[str, tuple[int, str]]:
    """Both checkers over the docs examples: checker -> (exit status, output)."""
    files = write_modules(docs_example_sources(), work / "user_code")
    return {
        "mypy --strict (docs examples)": run_mypy(files, view, work, DOCS_RELAXED_MYPY),
        "basedpyright (docs examples)": run_basedpyright(files, view, work,
                                                         DOCS_RELAXED_PYRIGHT),
    }


def main(argv: list[str]) -> int:
    """Check the docs examples; ``--report`` also counts what the relaxations hide."""
    work = ROOT / ".tree" / "_typing"
    shutil.rmtree(work, ignore_errors=True)
    view = install_view(work / "installed")
    failed = False
    for name, (status, output) in check_docs_examples(view, work).items():
        print(f"== {name}: {'ok' if status == 0 else 'FAILED'}")
        if status:
            print(output)
            failed = True
    if "--report" in argv:  # what the docs need to type-check without relaxations
        files = sorted((work / "user_code").glob("*.py"))
        _, output = run_mypy(files, view, work)
        relaxed = [c for c in re.findall(r"\[([a-z-]+)\]$", output, re.M)
                   if c in DOCS_RELAXED_MYPY]
        print(f"docs to fix: {len(relaxed)} mypy errors of codes {DOCS_RELAXED_MYPY}, "
              f"{len(DOCS_TO_FIX)} marked lines")
        print(output)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
