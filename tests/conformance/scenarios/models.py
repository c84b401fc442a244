"""The official package's built-in ontology: tag, class, format and upload schema.

Needs no server (``--port`` is accepted and ignored). Prints ``{tag: {"class",
"format", "schema"}}`` where ``schema`` is the DoPut schema as text, without metadata.
"""

from __future__ import annotations

import argparse

from _official import emit, registry

from mosaicolabs import Message


def main() -> None:
    argparse.ArgumentParser().parse_known_args()
    out = {}
    for tag, cls in sorted(registry().items()):
        schema = Message._get_schema(cls)
        out[tag] = {
            "class": cls.__name__,
            "format": getattr(cls.__serialization_format__, "value",
                              cls.__serialization_format__),
            "schema": schema.to_string(show_field_metadata=False, show_schema_metadata=False),
        }
    emit(out)


if __name__ == "__main__":
    main()
