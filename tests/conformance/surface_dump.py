"""Dump the public surface of a ``mosaicolabs`` package as JSON-ready data.

The same code describes both packages: run as a script in the official venv it walks
the official package's files and prints one JSON object; imported in the test process
it describes our package at the module paths the official dump lists.

What counts as public:

* modules: every ``.py`` file under the package, except ``ros_bridge/``,
  ``examples/``, ``internal/`` folders and names starting with ``_``;
* names of a module: its ``__all__``, else what its source binds at top level
  (``def``, ``class``, assignments, ``import x as x`` re-exports) under a name without
  a leading ``_``; module loggers (``logging.Logger`` values) are left out;
* members of a class: public names from its ``dir()``, its annotations and the
  ``self.<name> = ...`` of its ``__init__``, where a class of the package defines them;
  each names the public class that introduces it (what a private base brings belongs
  to its first public subclass). What ``pydantic``, ``enum`` or ``object`` provide is
  only listed by name (``external``) and summed up by the bases, where private bases
  and ``object`` are left out. Enum members are listed with their values.

Signatures keep parameter names, kinds and default reprs, never annotations;
keyword-only parameters are sorted and ``*args``/``**kwargs`` renamed so, as for a
caller, neither their order nor those names count.
"""

from __future__ import annotations

import ast
import enum
import importlib
import inspect
import json
import logging
import re
import sys
import textwrap
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = ["describe_module", "dump", "official_modules"]

PACKAGE = "mosaicolabs"
SKIPPED_PARTS = {"ros_bridge", "examples", "internal", "__pycache__"}
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_SIMPLE = (type(None), bool, int, float, str, bytes)
# Callers never spell the names of ``*args`` and ``**kwargs``.
_VARIADIC = {inspect.Parameter.VAR_POSITIONAL: "args", inspect.Parameter.VAR_KEYWORD: "kwargs"}
_KINDS = {
    inspect.Parameter.POSITIONAL_ONLY: "positional-only",
    inspect.Parameter.POSITIONAL_OR_KEYWORD: "positional-or-keyword",
    inspect.Parameter.VAR_POSITIONAL: "var-positional",
    inspect.Parameter.KEYWORD_ONLY: "keyword-only",
    inspect.Parameter.VAR_KEYWORD: "var-keyword",
}


def official_modules(root: Path) -> list[str]:
    """Dotted names of the public modules in the package folder ``root``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if any(p in SKIPPED_PARTS for p in parts):
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if any(p.startswith("_") for p in parts):
            continue
        found.append(".".join((PACKAGE, *parts)))
    return found


def _repr(value: Any) -> str:
    return _ADDRESS.sub("", repr(value))


def _is_ours(cls: type) -> bool:
    return (getattr(cls, "__module__", "") or "").split(".")[0] == PACKAGE


def _signature(obj: Any) -> list[list[Any]] | None:
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    params = [
        [_VARIADIC.get(p.kind, p.name), _KINDS[p.kind],
         None if p.default is p.empty else _repr(p.default)]
        for p in sig.parameters.values()
    ]
    # Keyword-only parameters are passed by name: their order means nothing.
    keyword = sorted(p for p in params if p[1] == "keyword-only")
    at = next((i for i, p in enumerate(params) if p[1] == "keyword-only"), len(params))
    rest = [p for p in params if p[1] != "keyword-only"]
    return rest[:at] + keyword + rest[at:]


def _is_typing(value: Any) -> bool:
    return isinstance(value, typing.TypeVar) or type(value).__name__ == "GenericAlias" or (
        getattr(type(value), "__module__", "") in ("typing", "typing_extensions"))


def _kind(value: Any) -> str:
    if isinstance(value, ModuleType):
        return "module"
    if isinstance(value, type):
        return "enum" if issubclass(value, enum.Enum) else "class"
    if _is_typing(value):
        return "typing"
    if callable(value):
        return "function"
    return "constant"


def _ref(value: Any) -> str | None:
    qualname, module = getattr(value, "__qualname__", None), getattr(value, "__module__", None)
    if isinstance(qualname, str) and isinstance(module, str):
        return f"{module}.{qualname}"
    return value.__name__ if isinstance(value, ModuleType) else None


def _base_name(base: type) -> str:
    return base.__name__ if _is_ours(base) else f"{base.__module__}.{base.__qualname__}"


def _member(cls: type, owner: type, name: str) -> dict[str, Any]:
    raw = owner.__dict__.get(name)
    if isinstance(raw, staticmethod):
        return {"kind": "staticmethod", "signature": _signature(raw.__func__)}
    if isinstance(raw, classmethod):
        return {"kind": "classmethod", "signature": _signature(getattr(cls, name))}
    if isinstance(raw, property) or type(raw).__name__ == "cached_property":
        return {"kind": "property"}
    if isinstance(raw, type):
        return {"kind": "class"}
    if inspect.isfunction(raw):
        return {"kind": "method", "signature": _signature(raw)}
    if type(raw).__name__ == "member_descriptor":  # a __slots__ entry
        return {"kind": "field"}
    if isinstance(raw, _SIMPLE):
        return {"kind": "attribute", "value": _repr(raw)}
    return {"kind": "attribute"}


def _external_names(cls: type) -> set[str]:
    names: set[str] = set()
    for base in cls.__mro__:
        if not _is_ours(base):
            names.update(dir(base))
    return names


def _owner(cls: type, name: str) -> str:
    """The most basic public class of ours in ``cls``'s MRO that has ``name``.

    A member a private base (``_QueryProxyMixin``) provides belongs to the first
    public class that inherits it.
    """
    defining = next(b for b in cls.__mro__ if name in b.__dict__ or name in _fields(b))
    public = [b for b in cls.__mro__ if _is_ours(b) and not b.__name__.startswith("_")
              and defining in b.__mro__]
    return public[-1].__name__ if public else defining.__name__


def _init_attributes(cls: type) -> list[str]:
    """Public ``self.<name> = ...`` targets in the ``__init__`` that ``cls`` defines."""
    init = cls.__dict__.get("__init__")
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(init)))  # type: ignore[arg-type]
    except (TypeError, OSError, SyntaxError):
        return []  # no __init__ of its own, or a generated one (dataclass)
    names = []
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) else [])
        names.extend(t.attr for t in targets if isinstance(t, ast.Attribute)
                     and isinstance(t.value, ast.Name) and t.value.id == "self")
    return names


def _fields(base: type) -> list[str]:
    return [*base.__dict__.get("__annotations__", {}), *_init_attributes(base)]


def _class_members(cls: type) -> dict[str, dict[str, Any]]:
    external = _external_names(cls)
    enum_members = set(getattr(cls, "__members__", {})) if issubclass(cls, enum.Enum) else set()
    members: dict[str, dict[str, Any]] = {}
    for base in reversed(cls.__mro__):  # fields (annotated, or set by __init__), base first
        if _is_ours(base):
            for name in _fields(base):
                if not name.startswith("_") and name not in external:
                    members[name] = {"kind": "field"}
    for name in dir(cls):
        if name.startswith("_") or name in external or name in enum_members:
            continue
        owner = next((b for b in cls.__mro__ if name in b.__dict__), None)
        if owner is None or not _is_ours(owner):
            continue
        described = _member(cls, owner, name)
        if name in members and described["kind"] == "attribute":
            continue  # a field with a class-level default stays a field
        members[name] = described
    for name, record in members.items():
        record["owner"] = _owner(cls, name)
    return dict(sorted(members.items()))


def _describe(value: Any, module: str, name: str) -> dict[str, Any]:
    kind = _kind(value)
    home = getattr(value, "__module__", None) == module and getattr(value, "__name__", "") == name
    record: dict[str, Any] = {"kind": kind, "ref": _ref(value), "home": home}
    if kind in ("class", "enum"):
        # Private bases and ``object`` are implementation detail: what a private
        # base provides is listed as the public class's own members.
        record["bases"] = [_base_name(b) for b in value.__bases__
                           if b is not object and not b.__name__.startswith("_")]
        if kind == "enum":
            record["enum_members"] = {k: _repr(v.value) for k, v in value.__members__.items()}
        else:
            record["signature"] = _signature(value)
        record["members"] = _class_members(value)
        record["external"] = sorted(n for n in _external_names(value) if not n.startswith("_"))
    elif kind == "function":
        record["signature"] = _signature(value)
    elif kind == "constant":
        record["value"] = _repr(value) if isinstance(value, _SIMPLE) else type(value).__name__
    return record


def _bound_names(tree: ast.Module) -> list[str]:
    names: list[str] = []

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.append(node.name)
            elif isinstance(node, ast.Assign):
                names.extend(t.id for t in node.targets if isinstance(t, ast.Name))
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.append(node.target.id)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names.extend(a.asname for a in node.names if a.asname and a.asname == a.name)
            elif isinstance(node, ast.If):
                if "TYPE_CHECKING" not in ast.dump(node.test):
                    visit(node.body)
                    visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)

    visit(tree.body)
    return names


def _public_names(module: ModuleType) -> list[str]:
    declared = getattr(module, "__all__", None)
    if declared is not None:
        return sorted(set(declared))
    source = inspect.getsourcefile(module)
    if source is None:
        return []
    tree = ast.parse(Path(source).read_text(encoding="utf-8"))
    return sorted({n for n in _bound_names(tree) if not n.startswith("_")
                   and not isinstance(getattr(module, n, None), logging.Logger)})


def describe_module(name: str) -> dict[str, Any] | None:
    """The public names of module ``name`` described, or ``None`` if it does not import."""
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:  # missing, not broken: a failing import is raised
        if exc.name is None or not (name == exc.name or name.startswith(exc.name + ".")):
            raise
        return None
    names: dict[str, Any] = {}
    for public in _public_names(module):
        if not hasattr(module, public):
            names[public] = {"kind": "unresolved"}
            continue
        names[public] = _describe(getattr(module, public), name, public)
    return {"names": names, "has_all": hasattr(module, "__all__")}


def dump(modules: list[str]) -> dict[str, Any]:
    """``{module: description or None}`` for every module name in ``modules``."""
    return {name: describe_module(name) for name in modules}


def _main() -> None:
    package = importlib.import_module(PACKAGE)
    root = Path(package.__file__).resolve().parent  # type: ignore[arg-type]
    modules = sys.argv[1:] or official_modules(root)
    print(json.dumps(dump(modules), sort_keys=True))


if __name__ == "__main__":
    _main()
