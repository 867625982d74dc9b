"""What the data is and how to take it away: export, fields, schema, completion."""

import enum
from typing import Annotated

import typer

from techhubs.cli.commands import app, examples, said, show
from techhubs.cli.options import (
    ForceOpt,
    FormatOpt,
    HtmlOpt,
    JsonOpt,
    QueryOpt,
    RawOpt,
    SvgOpt,
    choice,
    choices,
    complete_choice,
    session,
    shown,
)
from techhubs.errors import UsageError
from techhubs.output import ExportFormat, ExportKind, write
from techhubs.text import printable


@app.command(
    short_help="Write the whole dataset to a file or stdout.",
    epilog=examples(
        "techhubs export > mine.yaml && techhubs --data mine.yaml cities",
        "techhubs export --format csv --part companies > companies.csv",
        "techhubs export --format sqlite hubs.db && sqlite3 hubs.db 'select name from cities'",
        "techhubs export hub-companies.csv --part companies",
    ),
)
def export(
    ctx: typer.Context,
    file: Annotated[
        str | None,
        typer.Argument(
            metavar="[FILE]",
            help="Write here instead of stdout (required for sqlite).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-o",
            help="yaml (the data-file schema; the default), json, csv, markdown or sqlite; "
            "by default the one FILE's extension names.",
            parser=choice(
                ExportFormat,
                {"yml": ExportFormat.yaml, "md": ExportFormat.markdown, "db": ExportFormat.sqlite},
            ),
            metavar=choices(ExportFormat),
            autocompletion=complete_choice(ExportFormat),
            show_default=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
    kind: Annotated[
        ExportKind | None,
        typer.Option(
            "--part",
            "--kind",
            # the choices in the help, which wraps: as a metavar they ran past 80 columns
            help="The table of csv (required) or markdown (else all): "
            + ", ".join(shown(k) for k in ExportKind)
            + ".",
            parser=choice(ExportKind),
            metavar="PART",
            autocompletion=complete_choice(ExportKind),
        ),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Write the whole dataset: YAML/JSON in the data-file schema, tables, or SQLite."""
    from techhubs.output import export as exporting

    if as_json and fmt not in (None, ExportFormat.yaml, ExportFormat.json):
        raise UsageError(f"--json contradicts --format {fmt.value}; give one of them")
    file = None if file == "-" else file  # '-' is standard output, as everywhere
    chosen = exporting.choose_format(ExportFormat.json if as_json else fmt, file)
    table = kind.value if kind else None
    target = exporting.check_target(chosen, table, file, force)
    dataset = session(ctx).dataset()
    if target is None:
        write(exporting.export_text(dataset, chosen, table))
    else:
        exporting.export_file(dataset, chosen, table, target, force)
        said(f"wrote {printable(file, limit=None, exact=True)} ({chosen})")


class Shell(str, enum.Enum):
    """The shells techhubs can complete in."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


@app.command(
    short_help="List a record's fields: name, type, meaning.",
    epilog=examples(
        "techhubs fields city",
        "techhubs fields company --json | jq -r '.[].name'",
        "techhubs fields",
    ),
)
def fields(
    ctx: typer.Context,
    kind: Annotated[
        str | None,
        typer.Argument(
            metavar="KIND",
            help="city, company, area, hit, rank, … (without it: every kind).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    query: QueryOpt = None,
    raw: RawOpt = False,
    save_svg: SvgOpt = None,
    save_html: HtmlOpt = None,
    force: ForceOpt = False,
) -> None:
    """List the fields of a kind of record, each with its type and meaning: the
    names --fields takes and the CSV header uses (dotted inside a record)."""
    from techhubs.output import contract, views

    if kind is None:
        rows = [
            {"name": k, "type": "record", "meaning": contract.printed_by(k)}
            for k in contract.kinds()
        ]
        view = views.field_list("every kind of record (techhubs fields KIND)", rows)
    else:
        name, rows = contract.fields_of(kind, lists=True)
        view = views.field_list(name, rows)
    show(ctx, view, fmt, as_json, None, query, save_svg, save_html, raw=raw, force=force)


@app.command(
    short_help="Print the JSON Schema of a command's --json.",
    epilog=examples(
        "techhubs schema city",
        "techhubs schema 'data validate'",
        "techhubs schema > techhubs.schema.json",
    ),
)
def schema(
    command: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[COMMAND]",
            help="The command (without it: every command's, and every shape).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) that a command's --json output follows,
    for a script to validate it; generated from docs/json.md, the JSON contract."""
    import sys

    from techhubs.output import contract
    from techhubs.output.plain import to_json
    from techhubs.output.streams import is_unicode

    whole = contract.document() if not command else contract.for_command(" ".join(command))
    write(to_json(whole, not is_unicode(sys.stdout)) + "\n")


@app.command(
    short_help="Print the completion script for a shell.",
    epilog=examples(
        "techhubs completion bash >> ~/.bashrc",
        "techhubs completion zsh >> ~/.zshrc",
        "techhubs completion fish > ~/.config/fish/completions/techhubs.fish",
    ),
)
def completion(
    shell: Annotated[
        Shell,
        typer.Argument(
            help="bash, zsh, fish or powershell.",
            parser=choice(Shell),
            metavar="SHELL",
            autocompletion=complete_choice(Shell),
            show_default=False,
        ),
    ],
) -> None:
    """Print the script that completes techhubs' commands, options and names in SHELL.

    The one you ask for, whatever shell runs the command (--show-completion
    guesses it from the running shell).
    """
    # typer.completion is public; it re-exports the function without __all__.
    from typer.completion import get_completion_script  # type: ignore[attr-defined]

    script = get_completion_script(
        prog_name="techhubs", complete_var="_TECHHUBS_COMPLETE", shell=shell.value
    )
    write(script)
