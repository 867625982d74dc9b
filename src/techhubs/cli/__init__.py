"""The command line: the Typer app, its commands, and the entry point.

``commands`` declares the app and, in a module a topic, every command (resolve
names → ask the domain → render); ``options`` the options they share;
``session`` one run's state; ``lazy`` builds only the command a run uses;
``main`` runs the app and maps every error to one sentence and a documented
exit code.
"""

from techhubs.cli.main import main

__all__ = ["main"]
