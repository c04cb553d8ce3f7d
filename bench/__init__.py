"""Benchmarks: `python -m bench` measures everything and prints a table (see README)."""
