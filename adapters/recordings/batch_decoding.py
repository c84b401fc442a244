"""Decoding a topic's pending messages at once, straight into the mapping's columns.

Messages of one length usually share one CDR layout (same frame id length, same
sequence lengths): each such group is read with numpy views (:class:`cdr.Group`);
messages of lengths seen fewer than :data:`MIN_GROUP` times are read one by one from
their own layouts (:class:`cdr.Rows`, e.g. JPEG frames of varying sizes). Whatever
this cannot read (not CDR, a layout it does not know, bad UTF-8...) is left to the
per-message path, by index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from .cdr import Group, Layout, LayoutError, Rows, walk
from .mappings.base import normalise_type
from .mappings.vectorised import Builder, builder_for

__all__ = ["MIN_GROUP", "CdrBatchDecoder", "batch_decoder"]

MIN_GROUP = 4


def batch_decoder(types: Any, ros_type: str, encoding: str, mapping: Any) -> CdrBatchDecoder | None:
    """The batch decoder of a topic, or None (not CDR, or no vectorised mapping)."""
    build = builder_for(mapping)
    name = normalise_type(ros_type)
    if (encoding != "cdr" or build is None or normalise_type(mapping.ros_type) != name
            or name not in types.fielddefs):
        return None
    return CdrBatchDecoder(types, name, build)


class CdrBatchDecoder:
    """A :class:`~mosaicolabs.ports.recordings.BatchDecoder` of one CDR topic."""

    def __init__(self, types: Any, ros_type: str, build: Builder) -> None:
        self.types, self.ros_type, self.build = types, ros_type, build

    def decode_batch(self, log_times_ns: Sequence[int],
                     payloads: Sequence[Any]) -> tuple[pa.RecordBatch | None, list[int]]:
        """Rows for the payloads it reads, in order, and the indices of the others."""
        by_size: dict[int, list[int]] = {}
        for i, payload in enumerate(payloads):
            by_size.setdefault(len(payload), []).append(i)
        parts: list[tuple[list[int], pa.RecordBatch]] = []
        loose: list[int] = []
        for indices in by_size.values():
            if len(indices) < MIN_GROUP:
                loose += indices
                continue
            loose += self._group(indices, log_times_ns, payloads, parts)
        rest = self._rows(sorted(loose), log_times_ns, payloads, parts) if loose else []
        return _merge(parts), rest

    def _group(self, indices: list[int], times: Sequence[int], payloads: Sequence[Any],
               parts: list[tuple[list[int], pa.RecordBatch]]) -> list[int]:
        """Read one group of equal-size payloads; the indices it could not read."""
        chosen = [payloads[i] for i in indices]
        try:
            layout = walk(self.types, self.ros_type, chosen[0])
            cut = _cut(layout)
            joined = b"".join([memoryview(p)[:cut] for p in chosen])
            rows = np.frombuffer(joined, np.uint8).reshape(len(chosen), cut)
            checked = np.array([0, 1, *(o + k for o in layout.lengths for k in range(4))])
            same = (rows[:, checked] == rows[0, checked]).all(axis=1)
            keep = [i for i, ok in zip(indices, same.tolist(), strict=True) if ok]
            if len(keep) < len(indices):
                rows = rows[same]
                chosen = [payloads[i] for i in keep]
            batch = self.build(Group(chosen, layout, rows), [times[i] for i in keep])
        except Exception:  # noqa: BLE001  # anything unexpected: the per-message path decodes
            return indices
        parts.append((keep, batch))
        return [i for i, ok in zip(indices, same.tolist(), strict=True) if not ok]

    def _rows(self, indices: list[int], times: Sequence[int], payloads: Sequence[Any],
              parts: list[tuple[list[int], pa.RecordBatch]]) -> list[int]:
        """Read payloads one layout each; the indices it could not read."""
        read: list[int] = []
        layouts: list[Layout] = []
        rest: list[int] = []
        for i in indices:
            try:
                layouts.append(walk(self.types, self.ros_type, payloads[i]))
                read.append(i)
            except LayoutError:
                rest.append(i)
        if not read:
            return rest
        try:
            batch = self.build(Rows([payloads[i] for i in read], layouts), [times[i] for i in read])
        except Exception:  # noqa: BLE001
            return indices
        parts.append((read, batch))
        return rest


def _cut(layout: Layout) -> int:
    """Bytes of each payload the group's matrix needs: all, or up to a byte array that
    ends the message (image data is read from the payloads themselves)."""
    last = max(layout.leaves.values(), key=lambda leaf: leaf.offset, default=None)
    if (last is not None and not last.scalar and last.code == "u1"
            and last.offset + last.count == layout.size):
        return max(last.offset, 4)
    return layout.size


def _merge(parts: list[tuple[list[int], pa.RecordBatch]]) -> pa.RecordBatch | None:
    """One batch of the parts' rows in the order of their indices."""
    parts = [p for p in parts if p[1].num_rows]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0][1]
    positions = np.concatenate([np.asarray(indices) for indices, _ in parts])
    table = pa.Table.from_batches([batch for _, batch in parts])
    table = table.take(pa.array(np.argsort(positions, kind="stable"))).combine_chunks()
    return table.to_batches()[0]
