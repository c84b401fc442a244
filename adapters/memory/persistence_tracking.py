"""What changed since the last durable write: to journal it, or to undo it.

The engine's dicts (:class:`TrackedDict`) and the lists in its records
(:class:`TrackedList`) report each change *before* it happens to a
:class:`ChangeSet`, as the records themselves do for their attributes
(:class:`~.records.Observed`). The change set keeps the first state it sees of
every changed record and dict entry. A write then journals only what changed, so
its cost does not grow with the catalog; and a write the disk refuses puts every
changed object back as it was (the same objects, in the same order), as if the
call had never happened: an upload in flight keeps its record.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, Iterable, Iterator

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from typing_extensions import Self

__all__ = ["ChangeSet", "TrackedDict", "TrackedList"]

# Bookkeeping of the tracking itself, and the one attribute that is never undone.
_NOT_IN_IMAGE = frozenset({"_observer", "_serial", "uploading"})


def _image(record: Any) -> dict[str, Any]:
    """A record's attributes, with copies of its lists (their items are not changed)."""
    return {name: list(value) if isinstance(value, list) else value
            for name, value in vars(record).items() if name not in _NOT_IN_IMAGE}


class ChangeSet:
    """Records and dict entries changed since the last :meth:`clear`, with their old state."""

    def __init__(self) -> None:
        self._records: dict[int, tuple[Any, dict[str, Any], set[str]]] = {}
        self._entries: dict[tuple[int, str], tuple[TrackedDict, str, Any]] = {}
        self._serials = itertools.count()
        self.keys_changed = False

    # -- reports, from records, lists and dicts ---------------------------------------
    def before_change(self, record: Any, name: str) -> None:
        """``record``'s attribute (or list) ``name`` is about to change."""
        seen = self._records.get(id(record))
        if seen is None:
            seen = (record, _image(record), set())
            self._records[id(record)] = seen
        seen[2].add(name)

    def after_change(self, record: Any, name: str) -> None:
        """``record.name`` was assigned: a new list must report its changes too."""
        value = getattr(record, name)
        if isinstance(value, list) and not isinstance(value, TrackedList):
            object.__setattr__(record, name, TrackedList(value, record, name))

    def before_entry(self, table: TrackedDict, key: str) -> None:
        """``table[key]`` is about to be set or removed."""
        self._entries.setdefault((id(table), key), (table, key, dict.get(table, key)))

    def adopt(self, record: Any) -> None:
        """Make ``record`` (entering a tracked dict) report its changes here."""
        object.__setattr__(record, "_observer", self)
        if "_serial" not in vars(record):  # the order of insertion, to restore it
            object.__setattr__(record, "_serial", next(self._serials))
        for name, value in list(vars(record).items()):
            if isinstance(value, list) and not name.startswith("_"):
                object.__setattr__(record, name, TrackedList(value, record, name))

    # -- what changed -----------------------------------------------------------------
    def entries(self) -> Iterator[tuple[TrackedDict, str, Any]]:
        """``(dict, key, value before)`` of each changed entry (``None``: it was absent)."""
        return iter(list(self._entries.values()))

    def records(self) -> Iterator[tuple[Any, set[str]]]:
        """Each changed record, with the names of what changed in it."""
        return ((record, names) for record, _, names in list(self._records.values()))

    def is_empty(self) -> bool:
        return not (self._records or self._entries or self.keys_changed)

    def clear(self) -> None:
        """Forget everything: the changes are durable (or undone)."""
        self._records.clear()
        self._entries.clear()
        self.keys_changed = False

    def rollback(self) -> None:
        """Put every changed record and entry back as it was, then forget them."""
        for record, image, _ in self._records.values():
            for name, value in image.items():
                if isinstance(value, list):
                    value = TrackedList(value, record, name)
                object.__setattr__(record, name, value)
        moved: dict[int, TrackedDict] = {}
        for table, key, previous in self._entries.values():
            current = dict.get(table, key)
            if previous is None:
                dict.pop(table, key, None)
            elif current is not previous:
                dict.__setitem__(table, key, previous)
                moved[id(table)] = table  # back, but at the end
        for table in moved.values():
            items = sorted(dict.items(table), key=lambda item: vars(item[1])["_serial"])
            dict.clear(table)
            dict.update(table, items)
        self.clear()


class TrackedDict(dict[str, Any]):
    """A dict of records of one ``kind`` that reports its changes to a :class:`ChangeSet`."""

    def __init__(self, kind: str, changes: ChangeSet) -> None:
        super().__init__()
        self.kind = kind
        self.changes = changes

    def __setitem__(self, key: str, value: Any) -> None:
        self.changes.before_entry(self, key)
        self.changes.adopt(value)
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        if key in self:
            self.changes.before_entry(self, key)
        super().__delitem__(key)

    def pop(self, key: str, *default: Any) -> Any:
        if key in self:
            self.changes.before_entry(self, key)
        return super().pop(key, *default)

    def popitem(self) -> tuple[str, Any]:
        if not self:
            raise KeyError("popitem(): dictionary is empty")
        key = next(reversed(self.keys()))
        return key, self.pop(key)

    def clear(self) -> None:
        for key in list(self):
            del self[key]

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def _update_in_place(self, other: Any) -> Self:
        self.update(other)
        return self

    # dict's own ``|=`` would bypass ``update``. Bound by assignment, as mypy wants a
    # ``def __ior__`` to take exactly what dict's ``__or__`` takes (a dict), not anything.
    __ior__ = _update_in_place


class TrackedList(list[Any]):
    """A list inside a record, reporting its changes as a change of that record's ``name``."""

    __slots__ = ("_name", "_owner")

    def __init__(self, items: Iterable[Any] = (), owner: Any = None, name: str = "") -> None:
        super().__init__(items)
        self._owner = owner
        self._name = name

    def report_change(self) -> None:
        """Tell the owning record's observer that this list is about to change."""
        owner = getattr(self, "_owner", None)  # unset while copy/pickle rebuild a list
        observer = None if owner is None else vars(owner).get("_observer")
        if observer is not None:
            observer.before_change(owner, self._name)


def _reporting(name: str) -> Any:
    method = getattr(list, name)

    def changed(self: TrackedList, *args: Any, **kwargs: Any) -> Any:
        self.report_change()
        return method(self, *args, **kwargs)

    changed.__name__, changed.__doc__ = name, method.__doc__
    return changed


for _name in ("append", "extend", "insert", "remove", "pop", "clear", "sort", "reverse",
              "__setitem__", "__delitem__", "__iadd__", "__imul__"):
    setattr(TrackedList, _name, _reporting(_name))
