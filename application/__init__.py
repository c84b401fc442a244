"""Use-cases: what the client does, written against the ports only."""
