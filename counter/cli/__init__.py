"""The `counter` command line: one package, one module per group of subcommands."""

from counter.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
