"""``python -m techhubs``: the same program as the ``techhubs`` command."""

from techhubs.entry import run

raise SystemExit(run())
