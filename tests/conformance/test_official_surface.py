"""Our public surface against the official 0.3.2 package's, module by module.

``surface_dump.py`` describes the official package inside its venv (every public
module, name, signature, enum member and class member) and ours in this process,
at the same module paths. Every difference must be listed, with a reason, in
``official_differences.py``; a listed difference that no longer exists fails too,
so the table stays true.

Difference keys: ``module`` (the whole module), ``module:Name`` (a name) and
``module:Class.member`` (a class member). Details (signatures, bases, members) are
compared once per object, at the official module that defines it; other paths
that re-export it are compared by presence, kind and identity.
"""

from __future__ import annotations

import ast
import importlib
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import mosaicolabs

from . import surface_dump
from .official_differences import OFFICIAL_DIFFERENCES
from .official_env import REPO

Surface = dict[str, Any]


def _sig(params: list[list[Any]] | None) -> str:
    """``(a, /, b=1, *, c)`` from a dumped signature."""
    if params is None:
        return "<no signature>"
    shown, star = [], False
    for at, (name, kind, default) in enumerate(params):
        if kind == "keyword-only" and not star:
            shown.append("*")
        star = star or kind in ("keyword-only", "var-positional")
        prefix = {"var-positional": "*", "var-keyword": "**"}.get(kind, "")
        shown.append(prefix + name + ("" if default is None else f"={default}"))
        if kind == "positional-only" and (at + 1 == len(params)
                                          or params[at + 1][1] != "positional-only"):
            shown.append("/")
    return "(" + ", ".join(shown) + ")"


_DATA = {"field", "property", "attribute"}  # read the same way: ``obj.name``


def _kind(member: Surface) -> str:
    return "data" if member["kind"] in _DATA else member["kind"]


def _compare_members(key: str, theirs: Surface, ours: Surface, name: str,
                     out: dict[str, list[str]]) -> None:
    """Members the official class introduces (or we introduce) that differ."""
    t_members, o_members = theirs["members"], ours["members"]
    for member in sorted(set(t_members) | set(o_members)):
        t, o = t_members.get(member), o_members.get(member)
        where = f"{key}.{member}"
        if o is None:
            if t["owner"] == name:
                out.setdefault(where, []).append(f"missing {t['kind']}")
        elif t is None:
            # What pydantic gives the official class (model_dump ...) we may offer too.
            if o["owner"] == name and member not in theirs.get("external", ()):
                out.setdefault(where, []).append(f"extra {o['kind']}")
        elif name in (t["owner"], o["owner"]):
            if _kind(t) != _kind(o):
                out.setdefault(where, []).append(f"kind: official {t['kind']}, ours {o['kind']}")
            elif "signature" in t and t["signature"] != o.get("signature"):
                out.setdefault(where, []).append(
                    f"signature: official {_sig(t['signature'])}, ours {_sig(o.get('signature'))}")
            elif t["kind"] == o["kind"] == "attribute" and t.get("value") != o.get("value"):
                out.setdefault(where, []).append(
                    f"value: official {t.get('value')}, ours {o.get('value')}")


def _compare_details(key: str, t: Surface, o: Surface, name: str,
                     out: dict[str, list[str]]) -> None:
    notes = out.setdefault(key, [])
    if t.get("bases") != o.get("bases"):
        notes.append(f"bases: official {t.get('bases')}, ours {o.get('bases')}")
    if t.get("enum_members") != o.get("enum_members"):
        notes.append(f"enum members: official {t.get('enum_members')}, "
                     f"ours {o.get('enum_members')}")
    if "signature" in t and t["signature"] != o.get("signature"):
        notes.append(f"signature: official {_sig(t['signature'])}, ours {_sig(o.get('signature'))}")
    if t["kind"] == "constant" and t.get("value") != o.get("value"):
        notes.append(f"value: official {t.get('value')}, ours {o.get('value')}")
    if "members" in t:
        _compare_members(key, t, o, name, out)


def compare(official: Surface, ours: Surface) -> dict[str, str]:
    """``{key: what differs}`` between two dumps (empty when they agree)."""
    out: dict[str, list[str]] = {}
    for module, theirs in official.items():
        mine = ours.get(module)
        if theirs is None:
            continue
        if mine is None:
            out.setdefault(module, []).append("module missing")
            continue
        if not mine["has_all"]:
            out.setdefault(module, []).append("no __all__")
        t_names, o_names = theirs["names"], mine["names"]
        for name in sorted(set(t_names) | set(o_names)):
            key = f"{module}:{name}"
            t, o = t_names.get(name), o_names.get(name)
            if o is None:
                out.setdefault(key, []).append(f"missing {t['kind']}")
            elif t is None:
                out.setdefault(key, []).append(f"extra {o['kind']}")
            elif o["kind"] == "unresolved":
                out.setdefault(key, []).append("listed in __all__ but not defined")
            elif t["kind"] != o["kind"]:
                out.setdefault(key, []).append(f"kind: official {t['kind']}, ours {o['kind']}")
            elif t.get("home"):
                _compare_details(key, t, o, name, out)
    _compare_identity(official, ours, out)
    return {key: "; ".join(notes) for key, notes in sorted(out.items()) if notes}


def _compare_identity(official: Surface, ours: Surface, out: dict[str, list[str]]) -> None:
    """Paths that give one object in the official package give one object in ours."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for module, theirs in official.items():
        for name, record in (theirs or {"names": {}})["names"].items():
            if record.get("ref") and record["kind"] in ("class", "enum", "function"):
                groups.setdefault(record["ref"], []).append((module, name))
    for paths in groups.values():
        refs = {}
        for module, name in paths:
            record = ((ours.get(module) or {"names": {}})["names"]).get(name)
            if record and record.get("ref"):
                refs[(module, name)] = record["ref"]
        if len(set(refs.values())) > 1:
            for (module, name), ref in sorted(refs.items()):
                out.setdefault(f"{module}:{name}", []).append(
                    f"not one object across official aliases (ours: {ref})")


@pytest.fixture(scope="module")
def official_surface(official) -> Surface:
    return official.run(surface_dump.__file__, timeout=300)


@pytest.fixture(scope="module")
def differences(official_surface) -> dict[str, str]:
    return compare(official_surface, surface_dump.dump(sorted(official_surface)))


def test_the_dump_covers_the_official_layout(official_surface):
    assert "mosaicolabs.models.sensors.gps" in official_surface
    assert official_surface["mosaicolabs.enum"]["names"]["SessionStatus"]["kind"] == "enum"
    assert not any(m.startswith(("mosaicolabs.ros_bridge", "mosaicolabs.examples"))
                   for m in official_surface)


def test_every_difference_is_listed(differences):
    unlisted = {k: v for k, v in differences.items() if k not in OFFICIAL_DIFFERENCES}
    assert not unlisted, "unlisted differences from the official surface:\n" + "\n".join(
        f"  {k!r}: {v}" for k, v in unlisted.items())


def test_every_listed_difference_still_exists(differences):
    stale = sorted(k for k in OFFICIAL_DIFFERENCES if k not in differences)
    assert not stale, "listed differences that are gone (remove them):\n" + "\n".join(
        f"  {k!r}" for k in stale)


def test_the_table_gives_one_line_reasons():
    for key, reason in OFFICIAL_DIFFERENCES.items():
        assert key.startswith("mosaicolabs"), key
        assert reason.strip() and "\n" not in reason, key


# -- our mirror modules, without the official package -----------------------------------
MIRRORS = sorted(
    p for p in (REPO / "mosaicolabs").rglob("*.py")
    if p.parent.name in ("enum", "handlers", "models", "data", "platform", "query", "sensors")
    or p.name in ("_lazy.py", "logging_config.py", "mosaico_client.py", "notifications.py"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.parametrize("path", MIRRORS, ids=lambda p: str(p.relative_to(REPO)))
def test_mirror_modules_declare_a_literal_all(path):
    tree = ast.parse(path.read_text())
    declared = [n.value for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign))
                and "__all__" in ast.dump(n.targets[0] if isinstance(n, ast.Assign) else n.target)]
    assert len(declared) == 1, f"{path} declares __all__ {len(declared)} times"
    assert isinstance(declared[0], ast.List)
    assert all(isinstance(e, ast.Constant) and isinstance(e.value, str)
               for e in declared[0].elts)


@pytest.mark.parametrize("path", MIRRORS, ids=lambda p: str(p.relative_to(REPO)))
def test_mirror_names_resolve_to_the_objects_of_the_top_level_package(path):
    module = importlib.import_module(_module_name(path))
    for name in module.__all__:
        value = getattr(module, name)
        if name in mosaicolabs.__all__:
            assert value is getattr(mosaicolabs, name), f"{module.__name__}.{name}"


def test_mirror_packages_import_nothing_until_a_name_is_used():
    packages = [_module_name(p) for p in MIRRORS if p.name == "__init__.py"]
    code = (f"import sys\nfor m in {packages!r}: __import__(m)\n"
            "print(' '.join(sorted(sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                            text=True, timeout=60).stdout.split()
    heavy = [m for m in loaded if m.startswith(
        ("mosaicolabs.domain", "mosaicolabs.application", "mosaicolabs.client", "pyarrow"))]
    assert not heavy


def test_setup_sdk_logging_replaces_the_handler_and_sets_the_level():
    from mosaicolabs.logging_config import get_logger, setup_sdk_logging

    logger = get_logger()
    saved = (logger.handlers[:], logger.level, logger.propagate)
    try:
        setup_sdk_logging("DEBUG")
        setup_sdk_logging("WARNING", propagate=True)
        assert logger.name == "mosaicolabs" and len(logger.handlers) == 1
        assert logger.level == logging.WARNING and logger.propagate
        assert get_logger("mosaicolabs.writer").parent is logger
    finally:
        logger.handlers[:], logger.propagate = saved[0], saved[2]
        logger.setLevel(saved[1])
