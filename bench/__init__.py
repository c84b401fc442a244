"""Side-by-side benchmarks: raw pyarrow Flight (the ceiling) versus this client."""
