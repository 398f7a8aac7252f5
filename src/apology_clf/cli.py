"""The ``apology-clf`` command line: thin Typer functions over the library's functions."""

from __future__ import annotations

import functools
import inspect
import logging
import sys
import warnings
from pathlib import Path
from typing import Annotated

import typer
from typer.models import ArgumentInfo, ParameterInfo

from ._version import __version__
from .errors import InputError, with_flags


class _App(typer.Typer):
    """A Typer app whose commands turn an :class:`InputError` into one line on stderr and exit
    code 2 themselves, so in-process runs (Typer's CliRunner, a notebook calling ``app``)
    behave like the console script."""

    def command(self, *args, **kwargs):
        register = super().command(*args, **kwargs)

        def decorator(f):
            @functools.wraps(f)  # Typer reads the options from the wrapped signature
            def run(*a, **kw):
                _STATE["command"] = f
                try:
                    return f(*a, **kw)
                except InputError as e:
                    typer.echo(f"error: {with_flags(str(e), _flags())}", err=True)
                    raise typer.Exit(2) from None

            register(run)
            return f

        return decorator


def _flags() -> dict[str, str]:
    """The running command's parameter names and how its users spell them (``--format``)."""
    return flags_of(_STATE["command"]) if _STATE["command"] else {}


@functools.cache  # read from the signature when a message needs it, not at start-up
def flags_of(f) -> dict[str, str]:
    """A command function's parameter names and their flags, as Typer makes them: an
    option's first ``--`` name, else ``--`` and the name with dashes; an argument in capitals."""
    out = {}
    for p in inspect.signature(f, eval_str=True).parameters.values():
        info = next(
            (m for m in getattr(p.annotation, "__metadata__", ()) if isinstance(m, ParameterInfo)),
            None,
        )
        if isinstance(info, ArgumentInfo):
            out[p.name] = p.name.upper()
            continue
        named = [info.default] if info is not None and isinstance(info.default, str) else []
        decls = [
            d for d in [*named, *(info.param_decls or () if info else ())] if d.startswith("--")
        ]
        out[p.name] = decls[0] if decls else "--" + p.name.replace("_", "-")
    return out


app = _App(
    help="Score the apology quality of Dutch customer-service replies.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

_STATE: dict = {"quiet": False, "command": None}  # set by the app and its commands

TextCol = Annotated[str, typer.Option(help="Column holding the reply text.")]
ContextCol = Annotated[str, typer.Option(help="Column holding the customer message (optional).")]
IdCol = Annotated[str, typer.Option(help="Column holding a row id (derived when absent).")]
Runtime = Annotated[
    str, typer.Option(help="torch, or onnx (int8 on the CPU; run export-onnx first).")
]
LabelCols = Annotated[
    list[str] | None,
    typer.Option(
        "--label-column", help="Map a dimension to another column: DIMENSION=COLUMN (repeatable)."
    ),
]


def _columns(text: str, context: str, id: str, label_map: list[str] | None):
    from .data.tables import Columns

    return Columns.parse(text, context, id, label_map or ())


def _quiet_libraries() -> None:
    """Progress bars only on a terminal and without --quiet; third-party warnings never in
    batch use. Our own log lines (one per epoch, never e-mail text) unless --quiet."""
    import transformers

    interactive = sys.stderr.isatty() and not _STATE["quiet"]
    transformers.logging.set_verbosity_error()
    if interactive:
        transformers.utils.logging.enable_progress_bar()
    else:
        transformers.utils.logging.disable_progress_bar()
        warnings.filterwarnings("ignore")
    ours = logging.getLogger("apology_clf")
    if not any(isinstance(h, _Stderr) for h in ours.handlers):
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("%(message)s"))
        ours.addHandler(handler)
    ours.setLevel(logging.WARNING if _STATE["quiet"] else logging.INFO)
    for name in list(logging.root.manager.loggerDict):
        if name.split(".")[0] == "apology_clf":  # another library's logging setup in the same
            logging.getLogger(name).disabled = False  # process may have switched ours off


class _Stderr(logging.StreamHandler):
    """Log lines to whatever ``sys.stderr`` is when they are written, so in-process runs
    (which swap it per run) get their own lines."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def _keep(value: str) -> str | list[str] | None:
    if value in ("all", "none"):
        return None if value == "none" else "all"
    return [c.strip() for c in value.split(",") if c.strip()]


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"apology-clf {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Only warnings and errors: no progress bars, no epoch lines."
        ),
    ] = False,
) -> None:
    """Score the apology quality of Dutch customer-service replies."""
    _STATE["quiet"] = quiet


def train(
    data: Annotated[
        list[Path], typer.Argument(help="Labelled training file(s): CSV, JSONL or Parquet.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model directory to write.")],
    val_data: Annotated[
        Path | None, typer.Option("--val", help="Validation file; default: a stratified split.")
    ] = None,
    schema: Annotated[
        Path | None, typer.Option(help="Label schema (YAML/JSON); default: the apology rubric.")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            help="Training options as JSON (e.g. a model's training_args.json); the options "
            "below override it."
        ),
    ] = None,
    text_column: TextCol = "text",
    context_column: ContextCol = "context",
    id_column: IdCol = "id",
    label_column: LabelCols = None,
    **overrides,
) -> None:
    """Fine-tune a model on labelled replies and write a self-contained model directory."""
    from .training.config import TrainConfig
    from .training.trainer import train as train_model

    _quiet_libraries()
    given = {k: v for k, v in overrides.items() if v is not None}
    cfg = TrainConfig.load(config, **given) if config else TrainConfig(**given)
    result = train_model(
        data,
        output,
        val_data=val_data,
        schema=schema,
        columns=_columns(text_column, context_column, id_column, label_column),
        config=cfg,
    )
    typer.echo(
        f"saved {result.output_dir} (best epoch {result.best_epoch}, validation mean macro-F1 "
        f"{result.mean_macro_f1:.3f}, {result.n_train} train / {result.n_val} validation rows)"
    )


def _with_config_options(f):
    """Give ``f`` one option per :class:`TrainConfig` field in place of its ``**overrides``:
    names, types, help and defaults come from the config, so they are written once. Options
    default to None (not given), so a ``--config`` file is only overridden where asked."""
    import inspect
    import typing

    from .training.config import TrainConfig, option_docs

    hints = typing.get_type_hints(TrainConfig)
    sig = inspect.signature(f, eval_str=True)
    fixed = [p for p in sig.parameters.values() if p.kind is not p.VAR_KEYWORD]
    options = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                hints[name] | None,
                typer.Option(
                    help=doc if default is None else f"{doc} (default: {default})",
                    show_default=False,
                ),
            ],
        )
        for name, (default, doc) in option_docs().items()
    ]
    f.__signature__ = sig.replace(parameters=[*fixed, *options])
    f.__annotations__ = {p.name: p.annotation for p in f.__signature__.parameters.values()}
    return f


train = app.command(
    epilog="Examples: apology-clf train data/labelled/train.jsonl "
    "--val data/labelled/validation.jsonl --output models/my-model "
    "--base-model DTAI-KULeuven/robbert-2023-dutch-base --epochs 4  |  "
    "apology-clf train data/labelled/train.jsonl -o models/again "
    "--config models/my-model/training_args.json --seed 7"
)(_with_config_options(train))


@app.command(
    epilog="Examples: apology-clf evaluate models/my-model data/labelled/test.jsonl "
    "--json metrics.json  |  apology-clf evaluate models/my-model data/labelled/test.jsonl "
    "--by channel"
)
def evaluate(
    model: Annotated[Path, typer.Argument(help="Model directory.")],
    data: Annotated[list[Path], typer.Argument(help="Labelled file(s) to evaluate on.")],
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Also write the metrics as JSON.")
    ] = None,
    text_column: TextCol = "text",
    context_column: ContextCol = "context",
    id_column: IdCol = "id",
    label_column: LabelCols = None,
    runtime: Runtime = "torch",
    by: Annotated[
        str | None,
        typer.Option(
            help="Also report metrics per value of this column (channel, variant, sector …)."
        ),
    ] = None,
) -> None:
    """Accuracy, macro-F1, quadratic weighted kappa, per-level scores and confusion matrices."""
    from .evaluation import evaluate as evaluate_model
    from .report.terminal import print_groups, print_metrics

    _quiet_libraries()
    columns = _columns(text_column, context_column, id_column, label_column)
    result = evaluate_model(model, data, columns=columns, runtime=runtime, by=by)
    if json_path:
        result.save_json(json_path)
    print_metrics(result.metrics)
    if by is not None:
        print_groups(by, result.groups)


@app.command(
    epilog="Examples: apology-clf score replies.csv -o scores.parquet  |  "
    "apology-clf score export.mbox --from '*@klantenservice.nl' --month 2026-10 "
    "--model models/my-model -o oktober.parquet"
)
def score(
    inputs: Annotated[
        list[Path], typer.Argument(help="CSV/JSONL/Parquet, mbox, .eml/.msg file(s) or directory.")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Output file: .csv, .jsonl or .parquet.")
    ],
    model: Annotated[
        Path | None,
        typer.Option(help="Model directory; default: the starter model in models/starter."),
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv, jsonl, parquet, mbox, eml or msg.")
    ] = None,
    org: Annotated[
        list[str] | None,
        typer.Option("--from", help="Organisation address or domain glob (repeatable)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Mail dated on or after (ISO date or date-time, UTC).")
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(help="Mail dated up to: a bare date includes that whole day."),
    ] = None,
    month: Annotated[
        str | None, typer.Option(help="Mail dated in this month, YYYY-MM (instead of the two).")
    ] = None,
    include_text: Annotated[
        bool, typer.Option(help="Add the reply text and its context to the output.")
    ] = False,
    keep_columns: Annotated[
        str,
        typer.Option(
            help="Tables: the input's own columns to keep in the output: all, none, or a,b,c."
        ),
    ] = "all",
    batch_size: Annotated[int, typer.Option(min=1)] = 32,
    resume: Annotated[
        bool, typer.Option(help="Continue an interrupted run (same inputs and settings).")
    ] = False,
    runtime: Runtime = "torch",
    engine: Annotated[
        str,
        typer.Option(
            help="local (this process), or spark / ray for tables (files or directories): "
            "writes a directory of Parquet files. Needs apology-clf[spark] or [ray]."
        ),
    ] = "local",
    text_column: TextCol = "text",
    context_column: ContextCol = "context",
    id_column: IdCol = "id",
) -> None:
    """Score replies: each dimension's level and probabilities, and the overall 0-100 score.
    Mailbox exports: the organisation's replies (--from) are paired with the customer message
    they answer; every other message is listed with its reason in <output>.skipped.csv."""
    from .scoring import date_range
    from .scoring import score as score_files

    _quiet_libraries()
    since_dt, until_dt = date_range(since, until, month)
    summary = score_files(
        inputs,
        model,
        output,
        columns=_columns(text_column, context_column, id_column, None),
        batch_size=batch_size,
        fmt=fmt,
        org=org or (),
        since=since_dt,
        until=until_dt,
        include_text=include_text,
        resume=resume,
        runtime=runtime,
        keep_columns=_keep(keep_columns),
        engine=engine,
    )
    typer.echo(summary.describe())
    for line in summary.warnings:
        typer.echo(f"warning: {with_flags(line, _flags())}", err=True)


@app.command(
    "export-onnx",
    epilog="Example: apology-clf export-onnx models/my-model && apology-clf score replies.csv "
    "--model models/my-model --runtime onnx -o scores.parquet",
)
def export_onnx(
    model: Annotated[Path, typer.Argument(help="Model directory.")],
    quantize: Annotated[bool, typer.Option(help="Also write the int8 model.")] = True,
) -> None:
    """Export a model to ONNX in <model>/onnx/, with a dynamically int8-quantized copy for fast
    CPU scoring (score --runtime onnx)."""
    from .model.onnx_runtime import export_onnx as export

    _quiet_libraries()
    for path in export(model, quantize):
        typer.echo(f"wrote {path}")


@app.command(
    "init-base",
    epilog="Example: apology-clf init-base data/labelled/train.jsonl -o models/base-small",
)
def init_base(
    data: Annotated[
        list[Path], typer.Argument(help="Text file(s) to learn the BPE vocabulary from.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Directory to write.")],
    vocab_size: Annotated[int, typer.Option(min=300)] = 8000,
    hidden_size: Annotated[int, typer.Option(min=8)] = 256,
    layers: Annotated[int, typer.Option(min=1)] = 4,
    heads: Annotated[int, typer.Option(min=1)] = 4,
    max_length: Annotated[int, typer.Option(min=16)] = 512,
    seed: int = 0,
    text_column: TextCol = "text",
    context_column: ContextCol = "context",
) -> None:
    """Build a small random-init RoBERTa base (with a byte-level BPE tokenizer learned from the
    data) for when no pretrained Dutch model can be downloaded; fine-tune it with --base-model."""
    from .data.tables import load_replies
    from .training.scratch import build_base_model

    _quiet_libraries()
    df = load_replies(data, _columns(text_column, context_column, "id", None))
    texts = [t for t in [*df["text"], *df["context"]] if t.strip()]
    build_base_model(
        texts, output, vocab_size, hidden_size, layers, heads, max_positions=max_length, seed=seed
    )
    typer.echo(
        f"saved a random-init base model ({layers} layers, hidden {hidden_size}) to {output}"
    )


@app.command(
    "build-starter",
    epilog="Example: apology-clf build-starter -o models/starter",
)
def build_starter(
    output: Annotated[Path, typer.Option("--output", "-o", help="Model directory to write.")] = (
        Path("models/starter")
    ),
    data_dir: Annotated[Path, typer.Option(help="Folder with train/validation/test.jsonl.")] = Path(
        "data/labelled"
    ),
    seed: int = 13,
) -> None:
    """Rebuild the starter model: a small RoBERTa trained from scratch on the labelled data
    (+ generated rows), evaluated on the test split beside the TF-IDF and rules baselines."""
    from .training.starter import StarterRecipe
    from .training.starter import build_starter as build

    _quiet_libraries()
    result = build(output, data_dir, StarterRecipe(seed=seed))
    typer.echo(f"saved {output}: test mean macro-F1 {result.mean_macro_f1:.3f}")
    for name, m in result.baselines.items():
        typer.echo(f"  {name}: {m['mean_macro_f1']:.3f}")


@app.command(
    epilog='Example: apology-clf explain "Sorry als u last had, maar de koerier was te laat." '
    "--model models/my-model"
)
def explain(
    text: Annotated[str, typer.Argument(help="The reply.")],
    context: Annotated[str | None, typer.Option(help="The customer message it answers.")] = None,
    model: Annotated[
        str | None,
        typer.Option(
            help="Model directory, or 'rules' for the rubric checks alone; default: the "
            "starter model."
        ),
    ] = None,
    top_k: Annotated[int, typer.Option(min=1, help="Words to highlight per dimension.")] = 5,
    lang: Annotated[
        str | None, typer.Option(help="nl or en; default: $APOLOGY_LANG, else the locale.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the explanation as JSON, for programs.")
    ] = False,
) -> None:
    """Show the phrases that drove each dimension: rubric-check spans and the model's own word
    attributions (occlusion), highlighted in the reply."""
    import json

    from .report.explain import explain as explain_reply
    from .report.i18n import resolve_lang
    from .report.terminal import print_explanation

    _quiet_libraries()
    lang, _ = resolve_lang(lang)
    expl = explain_reply(text, context, model, top_k)
    if as_json:
        typer.echo(json.dumps(expl.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_explanation(expl, lang=lang)


@app.command(
    epilog="Example: apology-clf report oktober.parquet -o oktober.html --lang nl "
    "--team-column team"
)
def report(
    scores: Annotated[list[Path], typer.Argument(help="Scores file(s) written by score.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")],
    lang: Annotated[
        str | None, typer.Option(help="nl or en; default: $APOLOGY_LANG, else the locale.")
    ] = None,
    threshold: Annotated[float, typer.Option(help="Overall score counted as low.")] = 50.0,
    team_column: Annotated[
        str | None, typer.Option(help="Column naming each reply's team.")
    ] = None,
    lowest: Annotated[int, typer.Option(min=1, help="How many lowest replies to show.")] = 10,
) -> None:
    """One self-contained HTML report for a QA lead: counts, levels per dimension, weekly trend,
    per-agent (and per-team) table, rubric-check frequencies, the lowest replies with their
    highlights, and the skipped-messages summary."""
    from .report.html import build_report

    summary = build_report(
        scores, output, lang=lang, threshold=threshold, team_column=team_column, lowest=lowest
    )
    typer.echo(
        f"report on {summary.replies} replies ({summary.skipped} skipped) -> {summary.output}"
        f" (language {summary.lang}, from {with_flags(summary.lang_source, _flags())})"
    )


data_app = _App(help="Corpus tools: split labelled files, check them.", no_args_is_help=True)
app.add_typer(data_app, name="data")


@data_app.command(
    "split", epilog="Example: apology-clf data split data/handwritten/*.jsonl -o data/labelled"
)
def data_split(
    files: Annotated[list[Path], typer.Argument(help="Labelled corpus file(s).")],
    output_dir: Annotated[Path, typer.Option("--output-dir", "-o", help="Where the splits go.")],
    seed: int = 13,
    threshold: Annotated[float, typer.Option(help="Near-duplicate cosine threshold.")] = 0.85,
) -> None:
    """Split a corpus into train/validation/test so that near-duplicates and replies to the
    same complaint never straddle splits."""
    from .data.corpus import split_files

    counts = split_files(files, output_dir, seed=seed, threshold=threshold)
    typer.echo(", ".join(f"{name}: {n}" for name, n in counts.items()) + f" -> {output_dir}")


@data_app.command(
    "check",
    epilog="Example: apology-clf data check data/labelled/train.jsonl "
    "data/labelled/validation.jsonl data/labelled/test.jsonl",
)
def data_check(
    files: Annotated[list[Path], typer.Argument(help="Labelled file(s); several = splits.")],
    schema: Annotated[Path | None, typer.Option(help="Label schema; default: the rubric.")] = None,
    threshold: Annotated[float, typer.Option(help="Near-duplicate cosine threshold.")] = 0.9,
) -> None:
    """Validate rows against the schema; report level distributions, duplicates and leakage
    between the given files. Exit code 1 on any problem."""
    from .data.checks import check_files, format_report
    from .schema import LabelSchema

    report = check_files(files, LabelSchema.load(schema), threshold=threshold)
    typer.echo(format_report(report))
    if not report.ok:
        raise typer.Exit(1)


@data_app.command(
    "generate", epilog="Example: apology-clf data generate --n 2000 --seed 1 -o generated.jsonl"
)
def data_generate(
    output: Annotated[Path, typer.Option("--output", "-o", help="Output .jsonl/.csv/.parquet.")],
    n: Annotated[int, typer.Option("--n", min=1, help="Number of rows.")] = 1000,
    seed: int = 0,
    typo_rate: Annotated[float, typer.Option(min=0.0, max=1.0)] = 0.1,
) -> None:
    """Compose extra labelled replies from parts (openings, apologies of each level, empathy,
    ownership or blame, next steps, sign-offs, typos, u/je and nl/be), labelled by construction."""
    from .data.generator import generate
    from .io import write_table

    write_table(generate(n, seed, typo_rate), output)
    typer.echo(f"wrote {n} generated rows to {output}")


@data_app.command(
    "baseline",
    epilog="Example: apology-clf data baseline data/labelled/train.jsonl "
    "--test data/labelled/test.jsonl",
)
def data_baseline(
    train_file: Annotated[list[Path], typer.Argument(help="Training file(s).")],
    test_file: Annotated[Path, typer.Option("--test", help="Labelled test file.")],
    json_path: Annotated[Path | None, typer.Option("--json", help="Write metrics as JSON.")] = None,
) -> None:
    """TF-IDF (word + character n-grams) with logistic regression per dimension, trained on the
    training file(s) and evaluated on the test file."""
    import json

    from .data.tables import load_replies
    from .io import atomic_write_text
    from .report.terminal import print_metrics
    from .schema import LabelSchema
    from .training.baselines import tfidf_baseline

    schema = LabelSchema.load()
    train_df = load_replies(train_file, schema=schema, require_labels=True)
    test_df = load_replies(test_file, schema=schema, require_labels=True)
    metrics = tfidf_baseline(train_df, test_df, schema)
    if json_path:
        atomic_write_text(json_path, json.dumps(metrics, indent=2) + "\n")
    print_metrics(metrics)


def main() -> None:
    """Entry point: user errors become one line on stderr and exit code 2 (the commands do
    this themselves; this catches what happens outside them)."""
    try:
        app()
    except InputError as e:
        typer.echo(f"error: {e}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
