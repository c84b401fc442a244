"""ML-ready reads: windowed Arrow tables, time alignment, the official DataFrameExtractor
and SyncTransformer (numpy and pandas are imported by these modules only)."""
