"""The command line: the Typer app, its commands, and the entry point.

``commands`` declares every command (resolve names → ask the domain → render);
``options`` the options they share; ``session`` one run's state; ``main``
runs the app and maps every error to one sentence and a documented exit code.
"""

from techhubs.cli.commands import app
from techhubs.cli.main import main

__all__ = ["app", "main"]
