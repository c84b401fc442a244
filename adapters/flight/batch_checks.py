"""Full validation of downloaded record batches.

The IPC reader checks only a message's framing: a server sending a batch whose buffers
disagree (offsets past their data, bad UTF-8, dictionary indices out of range) would
otherwise have us read memory that is not the batch's. ``validate(full=True)`` costs
about 45 µs per MB. It runs in place, between two reads: gRPC keeps receiving into its
flow-control window meanwhile, and a variant that checked each batch on a helper thread
while the next one was read measured no faster (40 paired reads of 124 MB, either way
within noise), so the simpler form stays.
"""

from __future__ import annotations

from typing import Iterable, Iterator

import pyarrow as pa

from mosaicolabs.domain.errors import ProtocolError
from mosaicolabs.domain.vocabulary import FlightMethod

__all__ = ["checked_batches", "validated"]


def validated(batch: pa.RecordBatch, locator: str) -> pa.RecordBatch:
    """``batch`` once its buffers are known to agree, else :class:`ProtocolError`."""
    try:
        batch.validate(full=True)
    except pa.ArrowException as exc:
        action = FlightMethod.DoGet.name
        raise ProtocolError(f"{action} {locator!r}: the server sent invalid Arrow data: {exc}",
                            action=action, resource=locator) from None
    return batch


def checked_batches(received: Iterable[pa.RecordBatch], locator: str) -> Iterator[pa.RecordBatch]:
    """Each batch of ``received``, in order, handed out only once fully validated."""
    for batch in received:
        yield validated(batch, locator)
