"""The domain: what a hub, a company and a focus area are, and questions about them.

Nothing here prints, parses YAML or knows Typer or Rich: the loader hands in
validated models, and the output layer turns answers into records and text.
"""
