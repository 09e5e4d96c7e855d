"""The editors' command line: new, check, import, schema and serve (`python -m briefs_tools --help`).

Each command is a module of its own (new.py, check.py, importer.py, preview.py); this one reads the
arguments and the settings and prints what happened. None of it is part of a build.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from briefs.frontmatter import size_problem
from briefs.placeholders import TODO
from briefs.problems import display_path
from briefs.schema import Brief
from briefs.settings import with_defaults

from .check import check, report_check
from .new import new_brief, write_new

SCHEMA_FILE = Path("docs") / "brief.schema.json"


def load_settings(settings_file: str) -> dict:
    from pelican.settings import read_settings

    return with_defaults(read_settings(settings_file))


def schema_text() -> str:
    schema = Brief.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "AI Briefs brief front matter"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefs_tools", description=__doc__.split("\n")[0])
    parser.add_argument(
        "-s", "--settings", default="pelicanconf.py", help="settings file (default: %(default)s)"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    make = commands.add_parser("new", help="create a draft brief from the template")
    make.add_argument("title")
    _date_option(make, "new")

    validate = commands.add_parser("check", help="validate briefs and recap intros without building")
    validate.add_argument("paths", nargs="*", help="brief files to check (default: all)")
    validate.add_argument("--format", choices=["text", "github"], default="text")

    bring = commands.add_parser("import", help="turn a news aggregator's text export into a draft brief")
    bring.add_argument("source", type=Path)
    _date_option(bring, "import")

    schema = commands.add_parser("schema", help="write the JSON Schema of the front matter")
    schema.add_argument("--output", type=Path, default=SCHEMA_FILE)

    preview = commands.add_parser("serve", help="serve a live preview that follows every saved change")
    preview.add_argument("--port", type=int, default=8000)
    preview.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")

    args = parser.parse_args(argv)
    try:
        return run(args)
    except FileExistsError as error:
        print(
            f"{error.filename} already exists; nothing was written (edit that file instead)", file=sys.stderr
        )
        return 1


def _date_option(command: argparse.ArgumentParser, name: str) -> None:
    help_text = f"the brief's date, YYYY-MM-DD (default: today; make {name} DATE=...)"
    command.add_argument("--date", type=date.fromisoformat, default=date.today(), help=help_text)


def run(args: argparse.Namespace) -> int:
    if args.command == "schema":
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(schema_text(), encoding="utf-8")
        print(f"wrote {args.output}")
        return 0
    settings = load_settings(args.settings)
    if args.command == "new":
        path = new_brief(args.title, args.date, settings)
        print(f"created {path} (status: draft), {_dated(args.date)}")
        print(f"Fill in every {TODO}: `make check` lists those left, and a published brief may have none.")
        return 0
    if args.command == "import":
        return import_export_file(args.source, args.date, settings)
    if args.command == "serve":
        from .preview import serve

        return serve(args.settings, args.port, args.host)
    return report_check(check(args.paths, settings), args.format)


def import_export_file(source: Path, when: date, settings: dict) -> int:
    from .importer import import_export

    shown = display_path(str(source))
    if not source.is_file():
        what = "is a folder" if source.is_dir() else "does not exist"
        print(f"{shown} {what}; nothing was written (expected the path of an export file)", file=sys.stderr)
        return 2
    too_big = size_problem(str(source), shown)
    if too_big:
        print(f"{too_big}; nothing was written", file=sys.stderr)
        return 1
    try:
        result = import_export(source.read_bytes(), when)
    except ValueError as error:  # the importer's own "nothing to import" reasons
        print(f"{shown}: {error}; nothing was written", file=sys.stderr)
        return 1
    path = Path(settings["PATH"], settings["BRIEFS_PATH"], str(when.year), f"{result.slug}.md")
    write_new(path, result.text)
    print(f"created {path} (status: draft), {_dated(when)}")
    if result.needs_editor:
        print(
            f"Still needs the editor, each a '# needs editor:' line in the file ({len(result.needs_editor)}):"
        )
    return report_check(check([str(path)], settings), "text")


def _dated(when: date) -> str:
    """Which date a new brief got, and how to give another (the date decides its URL's folder and week)."""
    chosen = "today's date" if when == date.today() else "the date you chose"
    return f"dated {when.isoformat()} ({chosen}; another: DATE=YYYY-MM-DD, or edit `date:` in the file)"


if __name__ == "__main__":
    sys.exit(main())
