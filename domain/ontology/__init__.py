"""The ontology: typed sensor and geometry models and how they map to Arrow columns."""
