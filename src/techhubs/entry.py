"""The console entry point: prepare the process, then run the CLI.

A run of techhubs is short and creates no garbage cycles worth collecting,
so the cyclic collector is paused before anything is imported: it would
otherwise walk every object the imports create, again and again (measured:
about 4% of a table command's time).  Library users importing techhubs keep
their collector; only the command does this.
"""

import gc


def run() -> int:
    gc.disable()
    from techhubs.cli import main

    return main(detach=True)
