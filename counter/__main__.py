"""Allow `python -m counter SUBCOMMAND` (the window itself is `counter`, from ui.launcher)."""

from counter.cli import main

raise SystemExit(main())
