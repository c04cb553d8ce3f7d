"""Nightly sync: protocol, server (FastAPI), client (httpx), reference data, scheduling."""
