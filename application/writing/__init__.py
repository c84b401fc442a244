"""Writing sequences: session writers, topic writers and their batching."""
