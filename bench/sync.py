"""`python -m bench` plugin: the sync figures (see bench/bench_sync.py)."""

from bench.bench_sync import measure

__all__ = ["measure"]
