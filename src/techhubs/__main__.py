"""``python -m techhubs``: the same program as the ``techhubs`` command."""

from techhubs.cli import main

raise SystemExit(main())
