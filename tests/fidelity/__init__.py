"""The fidelity table: what mosaicod 0.3.0 answers, and where our mock differs on purpose."""
