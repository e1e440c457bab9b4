"""The ``maturity`` command line: parse, call the library, print, map errors to exit codes.

Exit codes: 0 ok; 1 invalid input (every problem listed as ``file:line:col: message``); 2 usage error;
3 internal error (one line; ``--debug`` shows the traceback). Heavy modules are imported inside the
commands that need them, so ``maturity --help``, ``validate`` and ``score`` start fast.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from maturity import __version__
from maturity.cli.helpwords import HelpCommand, HelpGroup, use_language_for_help
from maturity.i18n import Text
from maturity.output.formatting import visible

if TYPE_CHECKING:
    from maturity.batch.run import PreparedBatch
    from maturity.errors import Problem
    from maturity.load.brand import Brand
    from maturity.model import Questionnaire

EXIT_INVALID = 1
EXIT_INTERNAL = 3  # usage errors exit with 2 through Typer itself

app = typer.Typer(
    name="maturity",
    help="Digitaler Reifegrad für Kommunen: Fragebögen, Bewertung, Berichte, Auswertung von Umfragen.\n\n"
    "Digital maturity for German municipalities: questionnaires, scoring, reports, batch scoring.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=HelpGroup,
)

_debug = {"on": bool(os.environ.get("MATURITY_DEBUG"))}


class Lang(StrEnum):
    de = "de"
    en = "en"


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"
    pdf = "pdf"


class DocFormat(StrEnum):
    md = "md"
    html = "html"


class TemplateFormat(StrEnum):
    yaml = "yaml"
    xlsx = "xlsx"


class Annex(StrEnum):
    compact = "compact"
    full = "full"


class BatchReports(StrEnum):
    html = "html"
    md = "md"
    none = "none"


class FormFormat(StrEnum):
    xlsform = "xlsform"
    limesurvey = "limesurvey"
    html = "html"


class SchemaKind(StrEnum):
    questionnaire = "questionnaire"
    answers = "answers"
    mapping = "mapping"
    benchmark = "benchmark"


def _choose_language(value: Lang) -> Lang:
    from maturity.i18n import set_language

    set_language(value.value)
    return value


LangOption = Annotated[
    Lang,
    typer.Option(
        "--lang",
        "-l",
        envvar="MATURITY_LANG",
        callback=_choose_language,
        is_eager=True,
        help="Sprache der Ausgabe und Meldungen / language of output and messages: de, en "
        "(Umgebung / environment: MATURITY_LANG).",
    ),
]
QuestionnaireOption = Annotated[
    str | None,
    typer.Option(
        "--questionnaire",
        "-q",
        help="Fragebogen: mitgelieferte ID oder Datei (sonst der in der Datei genannte) / "
        "questionnaire: bundled id or file (default: the one the file names).",
    ),
]
ExportQuestionnaireOption = Annotated[
    str | None,
    typer.Option(
        "--questionnaire",
        "-q",
        help="Fragebogen: mitgelieferte ID oder Datei (sonst der der Zuordnung, oder der "
        "mitgelieferte, dessen Fragen der Export am besten beantwortet) / questionnaire: bundled id "
        "or file (default: the mapping's, or the bundled one whose questions the export answers "
        "best).",
    ),
]
QuestionnaireToUse = Annotated[
    str,
    typer.Option(
        "--questionnaire",
        "-q",
        help="Fragebogen: mitgelieferte ID oder Datei / questionnaire: bundled id or file.",
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option("--force", help="Vorhandene Datei überschreiben / overwrite an existing file."),
]
ExistingFile = Annotated[
    Path,
    typer.Argument(
        metavar="ANSWERS",
        help="Antwortdatei: YAML oder ausgefüllte XLSX-Vorlage / "
        "answers file: YAML or a filled XLSX template.",
    ),
]

F = TypeVar("F", bound=Callable[..., Any])
# Typer's usage errors (bad parameters) share this base class; they must reach Typer to exit with 2.
_ClickException: type[Exception] = next(
    cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "ClickException"
)


PROBLEMS_SHOWN = 50
"""Problems printed per file; the rest are counted (a hostile file must not flood the terminal)."""


def _print_problems(problems: Sequence[Problem]) -> None:
    shown: dict[str, int] = {}
    for problem in problems:
        count = shown.get(problem.file, 0) + 1
        shown[problem.file] = count
        if count <= PROBLEMS_SHOWN:
            sys.stderr.write(f"{visible(str(problem))}\n")
    for file, count in shown.items():
        if count > PROBLEMS_SHOWN:
            more = count - PROBLEMS_SHOWN
            sys.stderr.write(
                f"{visible(file)}: "
                f"{Text(f'… und {more} weitere Probleme', f'... and {more} more problems')}\n"
            )


def _fail(problems: Sequence[Problem]) -> NoReturn:
    _print_problems(problems)
    raise typer.Exit(EXIT_INVALID)


def handle_errors(command: F) -> F:
    """Turn library errors into exit codes: invalid input -> 1, anything unexpected -> 3."""
    from maturity.errors import MaturityError

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit, _ClickException):
            raise
        except MaturityError as exc:
            _fail(exc.problems)
        except KeyboardInterrupt:
            sys.stderr.write(f"{Text('Abgebrochen.', 'Aborted.')}\n")
            raise typer.Exit(130) from None
        except BrokenPipeError:  # the reader stopped reading (`maturity score … | head`)
            _stop_writing()
            raise typer.Exit(EXIT_PIPE_CLOSED) from None
        except Exception as exc:
            if _debug["on"]:
                traceback.print_exc()
            sys.stderr.write(
                f"maturity: {Text('interner Fehler', 'internal error')}: {type(exc).__name__}: "
                f"{exc} ({Text('mit --debug für den Traceback', 'run with --debug for the traceback')})\n"
            )
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


EXIT_PIPE_CLOSED = 141
"""Exit code where standard output was closed by its reader, as a tool stopped by SIGPIPE reports."""


def _stop_writing() -> None:
    """Point standard output at /dev/null, so that nothing more (Python's flush at exit included)
    tries to write to the closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"maturity {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Version anzeigen / show version."
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Tracebacks interner Fehler / tracebacks of internal errors."),
    ] = False,
) -> None:
    """Digitaler Reifegrad für Kommunen / digital maturity for German municipalities."""
    if debug:
        _debug["on"] = True


def _questionnaire(ref: str | None) -> Questionnaire | None:
    from maturity.load.catalogue import load_questionnaire

    return load_questionnaire(ref) if ref else None


_FILE = Text("Datei", "File")
_FORM = Text("Formular", "Form")
_MAPPING = Text("Zuordnung", "Mapping")


def _write_output(
    text: str | bytes,
    output: Path | None,
    inputs: Sequence[Path | str | None] = (),
    kind: Text = _FILE,
) -> None:
    """Write to ``output`` atomically, or to standard output for ``-`` or no output; never over one of
    the command's ``inputs``. Says what was written where ("Bericht geschrieben: …"), and names a
    folder it had to create (a typo in a path does not go unnoticed)."""
    from maturity.output.files import same_file, write_atomic

    if output is not None and str(output) != "-":
        for source in inputs:
            if source is not None and same_file(output, Path(source)):
                from maturity.errors import MaturityError, Problem

                raise MaturityError(
                    [
                        Problem(
                            str(output),
                            0,
                            0,
                            Text(
                                "diese Datei ist eine Eingabe des Befehls und wird nicht "
                                "überschrieben (mit -o eine andere Datei wählen)",
                                "this is an input of the command; refusing to write over it "
                                "(choose another file with -o)",
                            ),
                        )
                    ]
                )
    if output is None or str(output) == "-":
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(text)
        return
    created = None if output.parent.exists() else output.parent
    write_atomic(output, text)
    if created is not None:
        _say(Text(f"Ordner angelegt: {created}", f"Folder created: {created}"))
    _say(Text(f"{kind.de} geschrieben: {output}", f"{kind.en} written: {output}"))


@app.command(
    "list", cls=HelpCommand, short_help="Mitgelieferte Fragebögen / bundled questionnaires"
)
@handle_errors
def list_command(lang: LangOption = Lang.de) -> None:
    """Gebündelte Fragebögen anzeigen / list the bundled questionnaires."""
    from maturity.cli.plain import Screen
    from maturity.cli.terminal import print_questionnaire_list
    from maturity.load.catalogue import bundled_paths, load_questionnaire

    questionnaires = [load_questionnaire(qid) for qid in bundled_paths()]
    print_questionnaire_list(Screen(), questionnaires, lang.value)


@app.command(cls=HelpCommand, short_help="Fragebogen als Dokument / questionnaire as a document")
@handle_errors
def show(
    questionnaire: Annotated[
        str,
        typer.Argument(
            metavar="QUESTIONNAIRE",
            help="Fragebogen: gebündelte ID oder Datei / questionnaire: bundled id or file.",
        ),
    ],
    fmt: Annotated[
        DocFormat, typer.Option("--format", "-f", help="md oder html / md or html.")
    ] = DocFormat.md,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Zieldatei (sonst Standardausgabe) / output file (default: standard output).",
        ),
    ] = None,
    lang: LangOption = Lang.de,
) -> None:
    """Fragebogen als druckbares Dokument / the questionnaire as a printable document."""
    from maturity.load.catalogue import load_questionnaire
    from maturity.output.report.questionnaire_doc import render_questionnaire

    _write_output(
        render_questionnaire(load_questionnaire(questionnaire), fmt.value, lang.value),
        output,
        kind=Text("Fragebogen", "Questionnaire"),
        inputs=(questionnaire,),
    )


@app.command(cls=HelpCommand, short_help="Dateien prüfen / check files")
@handle_errors
def validate(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILES...",
            help="Fragebogen-, Antwort-, Zuordnungs- oder Vergleichsdateien / "
            "questionnaire, answers, mapping or benchmark files.",
        ),
    ],
    questionnaire: QuestionnaireOption = None,
    lang: LangOption = Lang.de,
) -> None:
    """Dateien prüfen, alle Probleme mit Zeile und Spalte / check files, every problem with line and column."""
    from maturity.i18n import t
    from maturity.load.validation import validate_file

    given = _questionnaire(questionnaire)
    failed = False
    for path in files:
        outcome = validate_file(path, given)
        _print_problems(outcome.problems)
        if outcome.ok:
            kind = t(f"kind.{outcome.kind}", lang.value)
            typer.echo(visible(f"{path}: {t('valid', lang.value)} ({kind}: {outcome.summary})"))
        else:
            failed = True
    if failed:
        raise typer.Exit(EXIT_INVALID)


@app.command(cls=HelpCommand, short_help="Ergebnis im Terminal / result in the terminal")
@handle_errors
def score(
    answers: ExistingFile,
    json_output: Annotated[
        bool,
        typer.Option("--json", help="Ergebnis als JSON (docs/json-result.md) / result as JSON."),
    ] = False,
    questionnaire: QuestionnaireOption = None,
    lang: LangOption = Lang.de,
) -> None:
    """Ergebnis im Terminal: gesamt und je Handlungsfeld / terminal summary: overall and per area."""
    from maturity.load.answers import load_answers
    from maturity.scoring.single import score_answers

    answer_set, resolved, warnings = load_answers(answers, _questionnaire(questionnaire))
    _print_problems(warnings)
    result = score_answers(resolved, answer_set)
    if json_output:
        from maturity.output.resultjson import result_to_json

        sys.stdout.write(result_to_json(result, lang.value))
        return
    from maturity.cli.plain import Screen
    from maturity.cli.terminal import print_score_summary

    print_score_summary(Screen(), result, lang.value)


BrandOption = Annotated[
    Path | None,
    typer.Option(
        "--brand",
        help="Markendatei (Name, Logo, Akzentfarbe, Fußzeile) / brand file (name, logo, accent "
        "colour, footer).",
    ),
]


def _brand(path: Path | None) -> Brand | None:
    if path is None:
        return None
    from maturity.load.brand import load_brand

    return load_brand(path)


@app.command(cls=HelpCommand, short_help="Bericht mit Fahrplan / report with roadmap")
@handle_errors
def report(
    answers: ExistingFile,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Format: md, html, json, pdf.")
    ] = ReportFormat.html,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Zieldatei, '-' für die Standardausgabe / output file, '-' for standard output.",
        ),
    ] = None,
    compare: Annotated[
        Path | None,
        typer.Option(
            "--compare", help="Frühere Antworten zum Vergleich / earlier answers to compare with."
        ),
    ] = None,
    peers: Annotated[
        Path | None,
        typer.Option(
            "--peers",
            help="Vergleichsdatei von batch (benchmark.json) / peer file written by batch.",
        ),
    ] = None,
    brand: BrandOption = None,
    annex: Annotated[
        Annex,
        typer.Option(
            "--annex",
            help="Anhang im Druck: eine Zeile je Empfehlung oder vollständig / the annex in print: "
            "one line per recommendation, or in full.",
        ),
    ] = Annex.compact,
    questionnaire: QuestionnaireOption = None,
    lang: LangOption = Lang.de,
) -> None:
    """Bericht mit Empfehlungen und Fahrplan / report with recommendations and roadmap."""
    from maturity.load.answers import comparison_problems, load_answers
    from maturity.output.report import ReportOptions, render_report
    from maturity.scoring.single import score_answers

    given = _questionnaire(questionnaire)
    answer_set, resolved, warnings = load_answers(answers, given)
    _print_problems(warnings)
    result = score_answers(resolved, answer_set)
    previous = None
    if compare is not None:
        # the earlier answers are scored with the version they were given for (an archived one)
        old_set, old_questionnaire, old_warnings = load_answers(compare, given)
        _print_problems(
            [*old_warnings, *comparison_problems(answer_set, old_set, compare, resolved)]
        )
        previous = score_answers(old_questionnaire, old_set)
    benchmark = None
    if peers is not None:
        from maturity.load.benchmark import load_benchmark, other_questionnaire

        benchmark = load_benchmark(peers)
        mismatch = other_questionnaire(benchmark, resolved.id, str(peers))
        if mismatch is not None:
            _fail([mismatch])
    branding = _brand(brand)
    if output is None and fmt is not ReportFormat.json:
        output = Path(f"{answers.stem}.{fmt.value}")
    if fmt is ReportFormat.pdf and (output is None or str(output) == "-"):
        raise typer.BadParameter(
            str(
                Text(
                    "PDF braucht eine Zieldatei (-o bericht.pdf)",
                    "PDF needs an output file (-o report.pdf)",
                )
            ),
            param_hint="-o",
        )
    _write_output(
        render_report(
            result,
            fmt.value,
            lang.value,
            ReportOptions(
                previous=previous,
                peers=benchmark,
                peers_source=peers.name if peers else "",
                brand=branding,
                annex=annex.value,
            ),
        ),
        output,
        inputs=(answers, compare, questionnaire, peers, brand),
        kind=Text("Bericht", "Report"),
    )


DEFAULT_QUESTIONNAIRE = "digitalcheck-kommune"


@app.command(cls=HelpCommand, short_help="Leere Antwortdatei / blank answers file")
@handle_errors
def template(
    output: Annotated[Path, typer.Option("--output", "-o", help="Zieldatei / output file.")],
    questionnaire: QuestionnaireToUse = DEFAULT_QUESTIONNAIRE,
    fmt: Annotated[
        TemplateFormat, typer.Option("--format", "-f", help="yaml oder xlsx / yaml or xlsx.")
    ] = TemplateFormat.yaml,
    split: Annotated[
        bool,
        typer.Option(
            "--split",
            help="Eine XLSX-Datei je Zuständigkeit (wer die Antwort meist kennt) in den Ordner -o; "
            "zurück mit maturity merge / one XLSX file per department (who usually knows the "
            "answer) in the folder -o; back with maturity merge.",
        ),
    ] = False,
    force: ForceOption = False,
    lang: LangOption = Lang.de,
) -> None:
    """Leere Antwortdatei (YAML mit Kommentaren oder XLSX mit Auswahllisten) / blank answers file."""
    from maturity.load.catalogue import load_questionnaire
    from maturity.output.template import split_templates, xlsx_template, yaml_template

    loaded = load_questionnaire(questionnaire)
    if split:
        if fmt is not TemplateFormat.xlsx:
            raise typer.BadParameter(
                str(Text("--split braucht -f xlsx", "--split needs -f xlsx")), param_hint="--split"
            )
        _write_split(split_templates(loaded, lang.value), output, force, lang.value)
        return
    _refuse_overwrite(output, force)
    data = (
        xlsx_template(loaded, lang.value)
        if fmt is TemplateFormat.xlsx
        else yaml_template(loaded, lang.value)
    )
    _write_output(data, output, inputs=(questionnaire,), kind=Text("Vorlage", "Template"))


def _write_split(files: dict[str, bytes], folder: Path, force: bool, lang: str) -> None:
    """The departments' workbooks into ``folder`` (made where missing); none is overwritten without
    --force, and nothing is written when one would be."""
    from maturity.output.files import child, write_atomic

    for name in files:
        _refuse_overwrite(folder / name, force)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        write_atomic(child(folder, name), data)
    typer.echo(
        str(
            Text(
                f"{len(files)} Vorlagen in {folder}; ausgefüllt zusammenführen mit: maturity merge "
                f"{folder} -o antworten.yaml",
                f"{len(files)} templates in {folder}; merge them when filled with: maturity merge "
                f"{folder} -o answers.yaml",
            ).in_language(lang)
        ),
        err=True,
    )


@app.command(cls=HelpCommand, short_help="Teilantworten zusammenführen / merge partial answers")
@handle_errors
def merge(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILES...",
            help="Ausgefüllte Vorlagen oder Antwortdateien, auch Ordner / filled templates or "
            "answer files, or folders of them.",
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Eine Antwortdatei (YAML) / one answers file.")
    ],
    questionnaire: QuestionnaireOption = None,
    force: ForceOption = False,
    lang: LangOption = Lang.de,
) -> None:
    """Teilantworten einer Erhebung zu einer Antwortdatei zusammenführen / merge the partial answers
    of one assessment into one answers file."""
    from maturity.load.merge import answer_files, merge_answers
    from maturity.output.answers_yaml import answers_to_yaml

    _refuse_overwrite(output, force)
    paths = answer_files(files)
    answer_set, resolved, warnings = merge_answers(paths, _questionnaire(questionnaire))
    _print_problems(warnings)
    _write_output(
        answers_to_yaml(answer_set, resolved, lang.value),
        output,
        inputs=paths,
        kind=Text("Antworten", "Answers"),
    )
    typer.echo(
        str(
            Text(
                f"{output}: {len(answer_set.answers)} Antworten aus {len(paths)} Dateien",
                f"{output}: {len(answer_set.answers)} answers from {len(paths)} files",
            ).in_language(lang.value)
        ),
        err=True,
    )


@app.command(cls=HelpCommand, short_help="Fragebogen zum Anpassen / questionnaire to adapt")
@handle_errors
def init(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Neue Fragebogendatei / new questionnaire file.")
    ],
    questionnaire: QuestionnaireToUse = DEFAULT_QUESTIONNAIRE,
    new_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            help="ID der Kopie (sonst aus dem Dateinamen) / id of the copy (default: from the file name).",
        ),
    ] = None,
    force: ForceOption = False,
    lang: LangOption = Lang.de,
) -> None:
    """Bearbeitbare Kopie eines Fragebogens zum Anpassen / an editable copy of a questionnaire to adapt."""
    import json

    from maturity.errors import MaturityError, Problem
    from maturity.load.catalogue import bundled_paths, load_questionnaire, resolve_questionnaire
    from maturity.load.docreader import ID_PATTERN
    from maturity.load.schemas import SCHEMAS
    from maturity.load.yamlio import read_text
    from maturity.output.files import slugify
    from maturity.output.questionnaire_copy import SCHEMA_FILE, questionnaire_copy

    _refuse_overwrite(output, force)
    original = load_questionnaire(questionnaire)
    copy_id = new_id or slugify(output.stem, fallback="fragebogen")
    if copy_id in bundled_paths():
        copy_id = f"{copy_id}-{'angepasst' if lang is Lang.de else 'adapted'}"
    if not ID_PATTERN.match(copy_id):
        raise MaturityError(
            [
                Problem(
                    "--id",
                    0,
                    0,
                    Text(
                        f"ungültige ID '{copy_id}'; erwartet Kleinbuchstaben, Ziffern und einzelne "
                        "Bindestriche",
                        f"invalid id '{copy_id}'; expected lower-case letters, digits and single "
                        "hyphens",
                    ),
                )
            ]
        )
    text = read_text(resolve_questionnaire(questionnaire))
    _write_output(
        questionnaire_copy(text, original, copy_id, lang.value),
        output,
        inputs=(questionnaire,),
        kind=Text("Fragebogen", "Questionnaire"),
    )
    schema = output.parent / SCHEMA_FILE
    _write_output(
        json.dumps(SCHEMAS["questionnaire"], indent=2, ensure_ascii=False) + "\n",
        schema,
        kind=Text("Schema", "Schema"),
    )
    _say(
        Text(
            f"Anpassen, dann prüfen: maturity validate {output}\n"
            f"Verwenden: maturity template -q {output} -o antworten.yaml (ebenso assess, score, "
            "report, batch und export-form mit -q)",
            f"Adapt it, then check it: maturity validate {output}\n"
            f"Use it: maturity template -q {output} -o answers.yaml (likewise assess, score, report, "
            "batch and export-form with -q)",
        )
    )


def _refuse_overwrite(path: Path, force: bool) -> None:
    """No command overwrites an answers file without being asked."""
    if str(path) != "-" and path.exists() and not force:
        from maturity.errors import MaturityError, Problem

        raise MaturityError(
            [
                Problem(
                    str(path),
                    0,
                    0,
                    Text(
                        "die Datei gibt es schon; mit --force wird sie überschrieben",
                        "the file exists already; pass --force to overwrite it",
                    ),
                )
            ]
        )


@app.command(cls=HelpCommand, short_help="Selbstcheck im Terminal / self-check in the terminal")
@handle_errors
def assess(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="Antwortdatei / answers file.")],
    questionnaire: QuestionnaireToUse = DEFAULT_QUESTIONNAIRE,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Bei der ersten offenen Frage fortsetzen / continue at the first open question.",
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Neu beginnen und überschreiben / start over and overwrite."),
    ] = False,
    targets: Annotated[
        bool,
        typer.Option(
            "--targets",
            help="Am Ende je Handlungsfeld eine Zielstufe festlegen / at the end, set a target "
            "level per action area.",
        ),
    ] = False,
    lang: LangOption = Lang.de,
) -> None:
    """Interaktiver Selbstcheck im Terminal / interactive self-check in the terminal."""
    from maturity.cli.assess import AssessmentSession, TerminalAssessment, fill
    from maturity.cli.plain import Screen
    from maturity.cli.terminal import print_score_summary
    from maturity.errors import MaturityError, Problem
    from maturity.i18n import t
    from maturity.load.answers import load_answers
    from maturity.load.catalogue import load_questionnaire
    from maturity.output.files import FileLock
    from maturity.scoring.single import score_answers

    loaded = load_questionnaire(questionnaire)
    session = AssessmentSession(loaded, output, lang.value)
    lock = FileLock(output)
    if not lock.acquire():  # two sessions on one file: the last writer would win
        raise MaturityError([Problem(str(output), 0, 0, t("assess.locked", lang.value))])
    ctx.call_on_close(lock.release)
    resuming = resume and output.exists()
    if output.exists() and not (resume or force):
        raise MaturityError([Problem(str(output), 0, 0, t("assess.exists", lang.value))])
    if resuming:
        answer_set, _, warnings = load_answers(output, loaded)
        _print_problems(warnings)
        session.answers = dict(answer_set.answers)
        session.municipality = answer_set.municipality
        session.assessed_on = answer_set.assessed_on
        session.assessor = answer_set.assessor
        session.targets = dict(answer_set.targets)
        session.profile = dict(answer_set.profile)
    dialogue = TerminalAssessment(session, echo=typer.echo)
    scored = len(loaded.scored_questions)
    typer.echo(
        fill(
            t("assess.intro", lang.value).format(
                title=loaded.title.get(lang.value, loaded.id),
                scored=scored,
                k=len(loaded.areas),
                path=output,
            )
        )
    )
    typer.echo(fill(t("assess.keys", lang.value)))
    hint = t("assess.resume_hint", lang.value).format(q=questionnaire, path=output)
    try:
        if not resuming or not session.municipality.name:
            dialogue.ask_municipality()
        if loaded.profile and not (resuming and session.profile):
            dialogue.ask_profile()
        dialogue.show_plan()
        start = session.first_open()
        finished = dialogue.run(start) if start is not None else True
        if finished and targets:
            dialogue.ask_targets()
    except (KeyboardInterrupt, EOFError) as stop:  # Ctrl-C, or an input that ended (Ctrl-D, a pipe)
        typer.echo("")
        if isinstance(stop, EOFError):
            typer.echo(t("assess.input_ended", lang.value))
        typer.echo(t("assess.saved", lang.value).format(path=output))
        typer.echo(hint)
        raise typer.Exit(130 if isinstance(stop, KeyboardInterrupt) else EXIT_INVALID) from None
    typer.echo("")
    typer.echo(t("assess.saved", lang.value).format(path=output))
    open_count = session.open_count()
    if open_count:
        typer.echo(t("assess.open_left", lang.value).format(n=open_count))
        typer.echo(hint)
    elif finished:
        typer.echo(t("assess.done", lang.value))
    result = score_answers(loaded, session.answer_set())
    print_score_summary(Screen(), result, lang.value, top=3)
    typer.echo("")
    typer.echo(
        f"{t('report_hint', lang.value)} maturity report {output} -f html -o {output.with_suffix('.html').name}"
    )


@app.command(cls=HelpCommand, short_help="Umfrage-Export auswerten / score a survey export")
@handle_errors
def batch(
    export: Annotated[
        Path,
        typer.Argument(
            metavar="EXPORT", help="Export (CSV oder XLSX) / survey export (CSV or XLSX)."
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Zielordner / output folder.")],
    mapping: Annotated[
        Path | None, typer.Option("--mapping", "-m", help="Zuordnungsdatei / mapping file.")
    ] = None,
    group_by: Annotated[
        str | None,
        typer.Option(
            "--group-by",
            help="Spalte mit der Kennung der Kommune / column that identifies the municipality.",
        ),
    ] = None,
    reports: Annotated[
        BatchReports,
        typer.Option("--reports", help="Bericht je Kommune / report per municipality."),
    ] = BatchReports.html,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Parallele Prozesse für Berichte, 0 = alle Kerne / parallel processes for reports, 0 = all cores.",
        ),
    ] = 0,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Bei abgelehnten Zeilen nichts schreiben / write nothing if any row is rejected.",
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Eine frühere Auswertung im Zielordner ersetzen / replace an earlier evaluation in "
            "the output folder.",
        ),
    ] = False,
    plan: Annotated[
        bool,
        typer.Option(
            "--plan",
            help="Nur zeigen, wie jede Frage gelesen wird, und einen Zuordnungsentwurf "
            "(mapping.yaml) in den Zielordner schreiben; nichts bewerten / only show how each "
            "question is read and write a draft mapping (mapping.yaml) to the output folder; score "
            "nothing.",
        ),
    ] = False,
    compare: Annotated[
        Path | None,
        typer.Option(
            "--compare",
            help="summary.csv einer früheren Auswertung: die Übersicht zeigt die Veränderung / "
            "summary.csv of an earlier batch: the overview shows the change.",
        ),
    ] = None,
    places: Annotated[
        Path | None,
        typer.Option(
            "--places",
            help="Gemeindeverzeichnis GV100AD von Destatis: Kreisnamen statt Kennziffern, fehlende "
            "Namen und Einwohnerzahlen ergänzt / the GV100AD municipality directory of Destatis: "
            "Kreis names instead of keys, missing names and populations filled in.",
        ),
    ] = None,
    compare_label: Annotated[
        str | None,
        typer.Option(
            "--compare-label",
            help="Name der früheren Erhebung in der Übersicht (Standard: das Datum ihrer "
            "Auswertung), z. B. 'Erhebung 2025' / what the overview calls the earlier survey "
            "(default: the date it was evaluated), e.g. 'survey 2025'.",
        ),
    ] = None,
    brand: BrandOption = None,
    questionnaire: ExportQuestionnaireOption = None,
    lang: LangOption = Lang.de,
) -> None:
    """Umfrage-Export auswerten: alle Kommunen auf einmal / score a survey export, every municipality at once."""
    import dataclasses
    import time

    from maturity.batch.api import prepare_export, write_batch
    from maturity.load.mapping import load_mapping
    from maturity.output.formatting import number
    from maturity.survey.read.planning import check_messages

    started = time.perf_counter()
    given = _questionnaire(questionnaire)
    branding = _brand(brand)
    earlier = None
    if compare is not None:
        from maturity.load.earlier import load_earlier

        earlier = load_earlier(compare)
        if compare_label:
            earlier = dataclasses.replace(earlier, label=compare_label.strip())
    directory = None
    if places is not None:
        from maturity.load.places import load_places

        directory = load_places(places)
    loaded_mapping = load_mapping(mapping, given) if mapping else None
    with _progress_bar() as progress:
        prepared = prepare_export(
            export,
            given,
            mapping=loaded_mapping,
            group_by=group_by,
            progress=progress,
            for_plan=plan,
        )
        _say(f"{export}: {prepared.export.describe()}")
        if plan:
            _write_plan(prepared, output, lang.value)
            return
        _say(f"{prepared.questionnaire.id} {prepared.questionnaire.version}")
        _say(prepared.plan.describe())
        for line in check_messages(prepared.check, prepared.questionnaire):
            _warn(line)
        done = write_batch(
            prepared,
            output,
            reports=reports.value,
            lang=lang.value,
            jobs=jobs,
            earlier=earlier,
            brand=branding,
            strict=strict,
            force=force,
            progress=progress,
            started=started,
            places=directory,
        )
    result = done.result
    for note in result.notes:
        _warn(note)
    for path in done.written:
        at = done.timings.get(path.name)
        _say(f"{path}" + (f" ({number(at, lang.value)} s)" if at else ""))
    if done.report_files:
        count = number(len(done.report_files), lang.value, 0)
        _say(f"{output / 'reports'}: {count} {reports.value.upper()}")
    seconds = number(time.perf_counter() - started, lang.value)
    _say(done.summary(seconds))
    if done.rejected:
        errors_file = output / "errors.csv"
        rejected = done.rejected
        de, en = number(rejected, "de", 0), number(rejected, "en", 0)
        _say(
            Text(
                f"{de} {'Zeile' if rejected == 1 else 'Zeilen'} abgelehnt: siehe {errors_file}",
                f"{en} {'row' if rejected == 1 else 'rows'} rejected: see {errors_file}",
            )
        )
        raise typer.Exit(EXIT_INVALID)


@contextlib.contextmanager
def _progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar on standard error while a batch runs (none where it is not a terminal)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from maturity.cli.terminal import make_console

    console = make_console(stderr=True)
    words = {
        "read": Text("Lesen", "Reading"),
        "score": Text("Bewerten", "Scoring"),
        "reports": Text("Berichte", "Reports"),
    }
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(str(words.get(step, step)), total=total)
            bar.update(tasks[step], completed=done, total=total)

        yield progress


@app.command(
    "export-form",
    cls=HelpCommand,
    short_help="Formular für Umfragewerkzeuge oder Browser / form for survey tools or a browser",
)
@handle_errors
def export_form(
    output: Annotated[Path, typer.Option("--output", "-o", help="Zieldatei / output file.")],
    fmt: Annotated[
        FormFormat,
        typer.Option(
            "--format",
            "-f",
            help="xlsform (KoboToolbox, ODK), limesurvey oder html (ein Formular für den Browser, "
            "offline) / xlsform (KoboToolbox, ODK), limesurvey or html (a form for the browser, "
            "offline).",
        ),
    ],
    questionnaire: QuestionnaireToUse = DEFAULT_QUESTIONNAIRE,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Vorhandene Zuordnungsdatei überschreiben / overwrite an existing mapping file.",
        ),
    ] = False,
    lang: LangOption = Lang.de,
) -> None:
    """Formular: für KoboToolbox/ODK, LimeSurvey oder den Browser / a form: for KoboToolbox/ODK, LimeSurvey or the browser."""
    from maturity.load.catalogue import load_questionnaire

    loaded = load_questionnaire(questionnaire)
    if fmt is FormFormat.html:
        from maturity.survey.forms.html import html_form

        _write_output(html_form(loaded, lang.value), output, inputs=(questionnaire,), kind=_FORM)
        _say(
            Text(
                "Die Datei im Browser öffnen (kein Server, kein Netz nötig), ausfüllen, „Antworten "
                "speichern“; dann: maturity report ANTWORTEN.yaml",
                "Open the file in a browser (no server, no network needed), fill it in, “Save "
                "answers”; then: maturity report ANSWERS.yaml",
            )
        )
        return
    if fmt is FormFormat.xlsform:
        from maturity.survey.forms.xlsform import xlsform

        _write_output(xlsform(loaded), output, inputs=(questionnaire,), kind=_FORM)
        _say(
            Text(
                "KoboToolbox: Projekt anlegen > XLSForm hochladen; ODK Central: Formular hochladen.",
                "KoboToolbox: new project > upload an XLSForm; ODK Central: upload the form.",
            )
        )
    else:
        from maturity.survey.forms.limesurvey import code_mapping, limesurvey_structure
        from maturity.survey.naming import limesurvey_names

        mapping = output.with_name(f"{output.stem}-mapping.yaml")
        writes_mapping = str(output) != "-" and limesurvey_names(loaded).changed()
        if writes_mapping:
            _refuse_overwrite(mapping, force)  # it may have been edited by hand
        _write_output(limesurvey_structure(loaded), output, inputs=(questionnaire,), kind=_FORM)
        if writes_mapping:
            _write_output(
                code_mapping(loaded, lang.value), mapping, inputs=(questionnaire,), kind=_MAPPING
            )
        _say(
            Text(
                "LimeSurvey: Umfrage erstellen > Importieren (.txt).",
                "LimeSurvey: create survey > import (.txt).",
            )
        )
    command = f"maturity batch EXPORT.csv -q {questionnaire}"
    _say(
        Text(
            f"Export auswerten: {command} -o auswertung/",
            f"To score the export: {command} -o results/",
        )
    )


def _say(message: str | Text) -> None:
    """Lines on standard error, controls from data shown, never acting (a line break is a line)."""
    sys.stderr.write("".join(f"{visible(line)}\n" for line in str(message).split("\n")))


def _warn(message: Text) -> None:
    _say(f"{Text('Warnung', 'warning')}: {message}")


def _write_plan(prepared: PreparedBatch, output: Path, lang: str) -> None:
    """``batch --plan``: how each question is read, on standard output, and a draft mapping."""
    from maturity.output.files import ensure_folder
    from maturity.survey.read.planning import describe_plan, mapping_skeleton

    q, plan, check = prepared.questionnaire, prepared.plan, prepared.check
    sys.stdout.write(describe_plan(plan, q, check, lang))
    target = output / "mapping.yaml"
    if target.exists():  # it may have been completed by hand already
        from maturity.errors import MaturityError, Problem

        raise MaturityError(
            [
                Problem(
                    str(target),
                    0,
                    0,
                    Text(
                        "die Datei gibt es schon und ist vielleicht schon bearbeitet; umbenennen "
                        "oder löschen, dann --plan wiederholen",
                        "the file exists already and may have been edited; rename or delete it, "
                        "then run --plan again",
                    ),
                )
            ]
        )
    ensure_folder(output)
    _write_output(
        mapping_skeleton(plan, q, check, prepared.export.source, lang), target, kind=_MAPPING
    )
    _say(
        Text(
            f"Entwurf prüfen und ergänzen, dann: maturity batch {prepared.export.source} "
            f"--mapping {target} -o {output}",
            f"Check and complete the draft, then: maturity batch {prepared.export.source} "
            f"--mapping {target} -o {output}",
        )
    )


@app.command(cls=HelpCommand, short_help="JSON Schema einer Dateiart / JSON Schema of a file")
@handle_errors
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(metavar="KIND", help="questionnaire, answers, mapping or benchmark"),
    ],
    lang: LangOption = Lang.de,
) -> None:
    """JSON Schema einer Dateiart / JSON Schema of a file kind."""
    import json

    from maturity.load.schemas import SCHEMAS

    sys.stdout.write(json.dumps(SCHEMAS[kind.value], indent=2, ensure_ascii=False) + "\n")


def _app_for(args: list[str]) -> typer.Typer:
    """The app, with only the command the first argument names where it names one: Typer works out
    every command's options before it runs one, and one command costs a tenth of all eleven."""
    import copy

    def name(command: typer.models.CommandInfo) -> str:
        assert command.callback is not None
        return command.name or command.callback.__name__.lower().replace("_", "-")

    asked = [c for c in app.registered_commands if args and name(c) == args[0]]
    if not asked:
        return app
    only = copy.copy(app)
    only.registered_commands = asked
    return only


def main() -> None:
    """Console-script entry point. Usage errors are shown here, in the user's language, instead of
    by Typer (see :mod:`maturity.cli.usage`)."""
    use_language_for_help(sys.argv[1:])
    try:
        code = _app_for(sys.argv[1:])(prog_name="maturity", standalone_mode=False)
    except _ClickException as exc:
        from maturity.cli.usage import show_usage_error

        show_usage_error(exc)
        sys.exit(getattr(exc, "exit_code", 2))
    except typer.Abort:
        sys.stderr.write(f"{Text('Abgebrochen.', 'Aborted.')}\n")
        sys.exit(1)
    except Exception as exc:  # pragma: no cover - only errors outside any command reach here
        if _debug["on"]:
            traceback.print_exc()
        sys.stderr.write(
            f"maturity: {Text('interner Fehler', 'internal error')}: {type(exc).__name__}: {exc}\n"
        )
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else 0)
