"""Domain layer: entities, value objects, rules and the error tree.

Nothing here performs I/O. The only third-party import allowed is ``pyarrow``
(Arrow is the data model); everything else is the standard library.
"""
