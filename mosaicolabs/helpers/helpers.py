"""Name, dict and text helpers.

The official package's ``mosaicolabs.helpers.helpers``, over our own functions from
:mod:`mosaicolabs.domain.text_helpers`.
"""

from mosaicolabs.domain.text_helpers import (
    camel_to_snake,
    encode_to_dict,
    flatten_dict,
    pack_topic_resource_name,
    sanitize_sequence_name,
    sanitize_topic_name,
    truncate_long_strings,
    unflatten_dict,
    unpack_topic_full_path,
)

__all__ = [
    "camel_to_snake",
    "encode_to_dict",
    "flatten_dict",
    "pack_topic_resource_name",
    "sanitize_sequence_name",
    "sanitize_topic_name",
    "truncate_long_strings",
    "unflatten_dict",
    "unpack_topic_full_path",
]
