"""Allow `python -m counter`."""

from counter.cli import main

raise SystemExit(main())
