"""counter: the one-stop counter (Bộ phận Một cửa) of a Vietnamese commune — core, without Qt."""

__version__ = "0.1.0"
