"""The PySide6 desktop client over counter.services."""
