"""The `storytrace` command line: a thin shell over `storytrace.Corpus`.

Every command takes `--db` (default `$STORYTRACE_DB` or `./storytrace.db`). Errors print one
line and exit non-zero; they never show a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from storytrace.corpus import Corpus, default_db_path
from storytrace.executors import LocalExecutor
from storytrace.export import FORMATS, ExportError, export
from storytrace.model import IngestSummary
from storytrace.pipeline.lineage.provenance import EXTERNAL_PREFIX, ProvenanceGroup
from storytrace.pipeline.lineage.similarity import pair_similarity
from storytrace.pipeline.nlp.attribution import extract_attributions, top_level
from storytrace.pipeline.read import DEFAULT_MAX_BYTES
from storytrace.pipeline.time import tag_timexes
from storytrace.render import render_provenance_tree
from storytrace.report import ReportError, write_graph, write_report
from storytrace.search import SearchMode
from storytrace.store import HIGHLIGHT_END, HIGHLIGHT_START, StoreError

app = typer.Typer(
    help="storytrace: find the stories, the originals, the sources and the dates in a pile of news.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)

DbOption = Annotated[
    Path | None, typer.Option("--db", help="Database file (default: $STORYTRACE_DB or ./storytrace.db).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes (local engine).")]
EngineOption = Annotated[str, typer.Option(help="local (processes on this machine) or dask.")]
SchedulerOption = Annotated[
    str | None, typer.Option(help="Dask scheduler address (tcp://HOST:8786); default: a LocalCluster.")
]
WorkersOption = Annotated[int, typer.Option(min=1, help="Workers of the LocalCluster (dask engine).")]


def _corpus(db: Path | None) -> Corpus:
    return Corpus(db or default_db_path())


@contextmanager
def _executor(engine: str, jobs: int, scheduler: str | None, workers: int) -> Iterator[Any]:
    """The executor of `--engine`; a Dask cluster is started once for the whole command and closed after."""
    if engine not in ("local", "dask"):
        raise _fail(f"unknown engine {engine!r}; choose local or dask")
    if engine == "local":
        yield LocalExecutor(jobs)
        return
    from storytrace.executors.dask import DaskExecutor

    with DaskExecutor(scheduler=scheduler, workers=workers) as executor:
        yield executor


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def _emit(
    rows: list[dict[str, Any]],
    json_out: bool,
    columns: tuple[str, ...],
    cells: Callable[[dict[str, Any]], tuple[str, ...]],
) -> None:
    """Print rows as JSON, or as a table whose cells (already escaped) come from `cells`."""
    if json_out:
        _print_json(rows)
        return
    table = Table(show_header=True)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*cells(row))
    console.print(table)


def _summary_table(summary: IngestSummary) -> Table:
    table = Table(title="ingest summary", show_header=True)
    table.add_column("outcome")
    table.add_column("articles", justify="right")
    for label, value in (
        ("read", summary.read),
        ("new", summary.new),
        ("unchanged", summary.unchanged),
        ("revised", summary.revised),
        ("exact duplicates", summary.exact_duplicates),
        ("rejected", summary.rejected_total),
    ):
        table.add_row(label, str(value))
    for reason, count in sorted(summary.rejected.items()):
        table.add_row(f"  rejected: {reason}", str(count))
    return table


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or directories (recursive); `-` reads JSONL from stdin.")],
    db: DbOption = None,
    jobs: JobsOption = 1,
    engine: EngineOption = "local",
    scheduler: SchedulerOption = None,
    workers: WorkersOption = 2,
    strict: Annotated[bool, typer.Option(help="Exit non-zero when any input is rejected.")] = False,
    max_bytes: Annotated[
        int, typer.Option(help="Largest accepted article (file, line or record).")
    ] = DEFAULT_MAX_BYTES,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per batch (one transaction each).")] = 64,
    link: Annotated[bool, typer.Option(help="Run the lineage stage after storing (else: `storytrace link`).")] = True,
    json_out: JsonOption = False,
) -> None:
    """Read articles (seed text, plain text, JSONL, HTML, WARC, .gz) into the database.

    Idempotent and resumable: unchanged inputs are skipped, a changed text becomes a new
    revision, and bad input is rejected with its reason (see `storytrace rejects`).
    """
    progress_bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.completed} articles processed"),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
        disable=json_out,
    )
    with _executor(engine, jobs, scheduler, workers) as executor, _corpus(db) as corpus, progress_bar as progress:
        task = progress.add_task("ingest", total=None)
        summary = corpus.ingest(
            paths,
            jobs=jobs,
            max_bytes=max_bytes,
            batch_size=batch_size,
            executor=executor,
            progress=lambda n: progress.advance(task, n),
            link=link,
        )
    if json_out:
        _print_json(asdict(summary) | {"rejected_total": summary.rejected_total})
    else:
        console.print(_summary_table(summary))
    if strict and summary.rejected_total:
        errors.print(f"error: {summary.rejected_total} input(s) rejected (--strict); see `storytrace rejects`")
        raise typer.Exit(1)


@app.command()
def articles(
    db: DbOption = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (e.g. washingtonpost.com).")] = None,
    lang: Annotated[str | None, typer.Option(help="Only this language (ISO 639-1).")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 50,
    json_out: JsonOption = False,
) -> None:
    """List articles, newest first."""
    with _corpus(db) as corpus:
        rows = corpus.articles(outlet=outlet, language=lang, since=since, until=until, limit=limit)
    _emit(
        rows,
        json_out,
        ("id", "published", "lang", "outlet", "title"),
        lambda row: (
            escape(row["id"]),
            row["published"] or "",
            row["language"] or "",
            escape(row["outlet"] or ""),
            escape(row["headline"]),
        ),
    )


@app.command()
def show(article_id: str, db: DbOption = None, json_out: JsonOption = False) -> None:
    """Show one article: metadata, what normalisation removed, revisions, duplicates, text."""
    with _corpus(db) as corpus:
        item = corpus.article(article_id)
    if item is None:
        raise _fail(f"no article with id {article_id!r}")
    if json_out:
        _print_json(item)
        return
    table = Table(show_header=False, box=None)
    for key in ("id", "title", "outlet", "url", "published", "language", "revision", "duplicate_of", "origin"):
        if item.get(key) is not None:
            table.add_row(f"[bold]{key}[/]", escape(str(item[key])))
    for key, value in item["meta"].items():
        table.add_row(f"[dim]{escape(key)}[/]", escape(json.dumps(value, ensure_ascii=False)))
    if item["duplicates"]:
        table.add_row("[bold]exact copies[/]", escape(", ".join(item["duplicates"])))
    console.print(table)
    console.print()
    console.print(escape(item["text"]))


@app.command()
def search(
    query: str,
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1)] = 20,
    mode: Annotated[
        SearchMode, typer.Option(help="hybrid: full-text and multilingual semantic, fused; or either alone.")
    ] = SearchMode.HYBRID,
    json_out: JsonOption = False,
) -> None:
    """Search in any language: full-text (bm25, diacritics folded; FTS5 syntax such as "a phrase", OR, prefix*)
    fused with multilingual semantic search over the articles' leads ("earthquake" finds "séisme", "Erdbeben")."""
    with _corpus(db) as corpus:
        hits = corpus.search(query, limit=limit, mode=mode)
    if json_out:
        _print_json(
            [h | {"snippet": h["snippet"].replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "")} for h in hits]
        )
        return
    if not hits:
        console.print("no matches")
    for hit in hits:
        snippet = escape(hit["snippet"]).replace(HIGHLIGHT_START, "[bold yellow]").replace(HIGHLIGHT_END, "[/]")
        console.print(
            f"[bold]{escape(hit['id'])}[/]  {hit['published'] or ''}  {escape(hit['outlet'] or '')}  "
            f"{escape(hit['language'] or '')}  [dim]{hit['match']} {hit['score']:.3g}[/]"
        )
        console.print(f"  {snippet}")


@app.command("export")
def export_command(
    kind: Annotated[
        str,
        typer.Argument(
            help="What to export: articles, derivations, citations, stories, claims, entities, events; "
            "with --format graphml: provenance or entities (graphs)."
        ),
    ],
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of {', '.join(FORMATS)}, graphml.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (default: standard output).")] = None,
) -> None:
    """Export records as JSON Lines or CSV, or the provenance / entity graph as GraphML (Gephi)."""

    def write(handle: Any) -> int:
        return write_graph(corpus, kind, handle) if fmt == "graphml" else export(corpus, kind, fmt, handle)

    with _corpus(db) as corpus:
        if output is None:
            write(sys.stdout)
            return
        with output.open("w", encoding="utf-8", newline="") as handle:
            count = write(handle)
        errors.print(f"{count} {kind} written to {output}")


@app.command()
def report(
    story_id: str,
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md or html (one self-contained file).")] = "md",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (default: standard output).")] = None,
) -> None:
    """A story dossier to send: originals, derivations with evidence, timeline, claims, entities, articles."""
    with _corpus(db) as corpus:
        if output is None:
            write_report(corpus, story_id, fmt, sys.stdout)
            return
        with output.open("w", encoding="utf-8") as handle:
            write_report(corpus, story_id, fmt, handle)
        errors.print(f"report written to {output}")


@app.command()
def stories(
    db: DbOption = None,
    since: Annotated[str | None, typer.Option(help="Stories still running on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Stories begun on or before YYYY-MM-DD.")] = None,
    lang: Annotated[str | None, typer.Option(help="Stories with articles in this language.")] = None,
    entity: Annotated[str | None, typer.Option(help="Stories whose salient names include this one.")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 50,
    json_out: JsonOption = False,
) -> None:
    """Stories (real-world events), newest first, with articles, outlets, languages and independent reports."""
    with _corpus(db) as corpus:
        rows = corpus.stories(since=since, until=until, language=lang, entity=entity, limit=limit)
    _emit(
        rows,
        json_out,
        ("story", "first", "last", "articles", "independent", "languages", "label"),
        lambda row: (
            row["story_id"],
            row["first_published"] or "",
            row["last_published"] or "",
            str(row["article_count"]),
            str(row["independent_reports"]),
            ",".join(row["languages"]),
            escape(row["label"] or ""),
        ),
    )


@app.command()
def story(story_id: str, db: DbOption = None, json_out: JsonOption = False) -> None:
    """One story: summary, then its articles grouped by derivation (originals first)."""
    with _corpus(db) as corpus:
        item = corpus.story(story_id)
        if item is None:
            raise _fail(f"no story with id {story_id!r}")
        info = {a["id"]: a for a in item["articles"]}
    if json_out:
        _print_json(item)
        return
    console.print(f"[bold]{escape(item['label'] or story_id)}[/]  [dim]{story_id}[/]")
    console.print(
        f"{item['first_published']} → {item['last_published']}   {item['article_count']} articles, "
        f"{item['independent_reports']} independent report(s); languages {', '.join(item['languages'])}"
    )
    console.print(f"outlets: {escape(', '.join(item['outlets']))}")
    for sentence in item["representative_sentences"]:
        console.print(f"  [italic]{escape(sentence)}[/]")
    for group in item["groups"]:
        console.print(render_provenance_tree(ProvenanceGroup(group["nodes"], group["edges"], group["roots"]), info))


@app.command()
def storylines(db: DbOption = None, json_out: JsonOption = False) -> None:
    """Storylines: stories that continue one another, in time order."""
    with _corpus(db) as corpus:
        lines = corpus.storylines()
        labels = {s["story_id"]: s["label"] for s in corpus.stories(limit=None)}
    if json_out:
        _print_json(lines)
        return
    if not lines:
        console.print("no storylines")
    for line in lines:
        console.print(f"[bold]{line['storyline_id']}[/]  {escape(line['label'] or '')}")
        for story_id in line["story_ids"]:
            console.print(f"  {story_id}  {escape(labels.get(story_id) or '')}")


@app.command()
def recluster(db: DbOption = None) -> None:
    """Rebuild all stories in one order-independent batch pass (incremental ingest does not need it)."""
    with _corpus(db) as corpus:
        count = corpus.recluster()
    console.print(f"{count} stories")


@app.command()
def link(
    db: DbOption = None,
    jobs: JobsOption = 1,
    engine: EngineOption = "local",
    scheduler: SchedulerOption = None,
    workers: WorkersOption = 2,
) -> None:
    """Run lineage, then story clustering, over articles not processed yet (ingest does this unless
    told `--no-link`). Lineage verifies its candidate pairs on the chosen engine."""
    with _executor(engine, jobs, scheduler, workers) as executor, _corpus(db) as corpus:
        found = corpus.link(executor)
        clustered = corpus.cluster()
    console.print(f"{found} derivations found, {clustered} articles assigned to stories")


@app.command()
def provenance(article_id: str, db: DbOption = None, json_out: JsonOption = False) -> None:
    """The provenance tree of an article's group: originals at the root, derived articles below
    with kind, date, outlet and one line of evidence per edge; credited sources outside the corpus
    appear as external roots."""
    with _corpus(db) as corpus:
        group = corpus.provenance(article_id)
        if group is None:
            raise _fail(f"no article with id {article_id!r}")
        info = corpus.article_summaries([n for n in group.nodes if not n.startswith(EXTERNAL_PREFIX)])
    if json_out:
        _print_json(group.to_dict())
        return
    console.print(render_provenance_tree(group, info))


@app.command()
def similarity(
    pairs: Annotated[str, typer.Argument(help="JSONL file of {id, text1, text2} (any languages), or - for stdin.")],
) -> None:
    """Print {id, score} per pair: the 0-1 similarity that lineage uses. Touches no database."""
    handle = sys.stdin if pairs == "-" else open(pairs, encoding="utf-8")  # noqa: SIM115 - closed below
    try:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                score = pair_similarity(record["text1"], record["text2"], record.get("lang1"), record.get("lang2"))
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise _fail(f"{pairs}:{number}: need a JSON object with id, text1, text2 ({error})") from error
            sys.stdout.write(json.dumps({"id": record.get("id"), "score": round(score, 4)}) + "\n")
    finally:
        if handle is not sys.stdin:
            handle.close()


@app.command()
def claims(
    db: DbOption = None,
    story_id: Annotated[str | None, typer.Option("--story", help="Only the claims of this story.")] = None,
    entity: Annotated[str | None, typer.Option(help="Only claims whose source or chain names this.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Who says what on whose authority: claims with source, type, chain and stance, grouped."""
    with _corpus(db) as corpus:
        rows = corpus.claims(story_id=story_id, entity=entity)
    _emit(
        rows,
        json_out,
        ("article", "chain (outermost first)", "stance", "claim"),
        lambda row: (
            escape(row["article_id"]),
            escape(" → ".join(f"{link['name']} ({link['type']})" for link in row["chain"]) or "?"),
            row["stance"],
            escape(row["content"] if len(row["content"]) <= 120 else row["content"][:117] + "…"),
        ),
    )


@app.command()
def entities(
    db: DbOption = None,
    story_id: Annotated[str | None, typer.Option("--story", help="Only the entities of this story.")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 50,
    json_out: JsonOption = False,
) -> None:
    """Canonical entities with their aliases, most-reported first."""
    with _corpus(db) as corpus:
        rows = corpus.entities(story_id=story_id, limit=limit)
    _emit(
        rows,
        json_out,
        ("entity", "type", "articles", "aliases"),
        lambda row: (escape(row["name"]), row["type"], str(len(row["article_ids"])), escape(", ".join(row["aliases"]))),
    )


@app.command()
def entity(name: str, db: DbOption = None, json_out: JsonOption = False) -> None:
    """An entity dossier: canonical name, aliases, type, stories, articles, claims by and about, first/last seen.
    Any spelling works (Prigozhin, Prigoschin, Пригожин)."""
    with _corpus(db) as corpus:
        dossier = corpus.entity(name)
    if dossier is None:
        raise _fail(f"no entity matches {name!r}")
    if json_out:
        _print_json(dossier)
        return
    console.print(f"[bold]{escape(dossier['name'])}[/] ({dossier['type']})  [dim]{dossier['entity_id']}[/]")
    console.print(f"aliases: {escape(', '.join(dossier['aliases']))}")
    if dossier["descriptors"]:
        console.print(f"described as: {escape(', '.join(dossier['descriptors']))}")
    console.print(f"seen {dossier['first_seen']} → {dossier['last_seen']} in {len(dossier['article_ids'])} articles")
    for story_row in dossier["stories"]:
        console.print(f"  story {story_row['story_id']}: {escape(story_row['label'] or '')}")
    for label, key in (("claims by", "claims_by"), ("claims about", "claims_about")):
        for claim in dossier[key][:10]:
            chain = " → ".join(link["name"] for link in claim["chain"]) or "no source named"
            console.print(
                f"  {label}: [italic]{escape(claim['content'][:150])}[/] [dim]({escape(chain)}; {claim['stance']})[/]"
            )


@app.command()
def timeline(
    db: DbOption = None,
    story_id: Annotated[str | None, typer.Option("--story", help="Timeline of one story.")] = None,
    storyline_id: Annotated[str | None, typer.Option("--storyline", help="Timeline of a storyline.")] = None,
    entity: Annotated[str | None, typer.Option(help="Timeline of an entity (any spelling).")] = None,
    json_out: JsonOption = False,
) -> None:
    """A dated list of events with their granularity (day, month, "late January") and sources."""
    if sum(x is not None for x in (story_id, storyline_id, entity)) != 1:
        raise _fail("give exactly one of --story, --storyline, --entity")
    with _corpus(db) as corpus:
        entries = corpus.timeline(story_id=story_id, storyline_id=storyline_id, entity=entity)
    if json_out:
        _print_json(entries)
        return
    if not entries:
        console.print("no dated events")
    for entry in entries:
        sources = f"{len(entry['article_ids'])} article(s), {entry['independent_sources']} independent"
        console.print(
            f"[bold]{escape(entry['date_label']):<22}[/] [dim]{entry['granularity']:<6}[/] "
            f"{escape(entry['description'])}  [dim]({sources})[/]"
        )


@app.command()
def attributions(
    source: Annotated[str, typer.Argument(help="Text file, or - for standard input.")] = "-",
    lang: Annotated[str, typer.Option(help="Language of the text.")] = "en",
    top_level_only: Annotated[
        bool, typer.Option("--top-level", help="Only attributions not inside another's content (one per statement).")
    ] = False,
) -> None:
    """Raw attribution extraction on one text: JSONL {content, cue, source, chain, stance} with offsets."""
    text = _read_text_argument(source)
    every = extract_attributions(text, lang)
    for found in top_level(every) if top_level_only else every:
        item = found.to_dict()
        if item["source"] is not None:
            item["source"]["entity_id"] = None  # entities are resolved when articles are ingested
        sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")


def _read_text_argument(source: str) -> str:
    try:
        return sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise _fail(f"cannot read {source}: {error}") from error


@app.command()
def timex(
    source: Annotated[str, typer.Argument(help="Text file, or - for standard input.")] = "-",
    dct: Annotated[str | None, typer.Option(help="Document creation (publication) date YYYY-MM-DD.")] = None,
    lang: Annotated[str, typer.Option(help="Language: en, de, fr, es.")] = "en",
) -> None:
    """Print the time expressions of a text as JSONL {start, end, text, type, value, mod} (TIMEX3),
    normalised against --dct; without it relative expressions stay underspecified."""
    try:
        anchor = date.fromisoformat(dct) if dct else None
    except ValueError as error:
        raise _fail(f"--dct must be YYYY-MM-DD, got {dct!r}") from error
    text = _read_text_argument(source)
    for found in tag_timexes(text, anchor, lang):
        sys.stdout.write(json.dumps(found.to_dict(), ensure_ascii=False) + "\n")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    allow_write: Annotated[
        bool, typer.Option(help="Accept POST /api/articles with the token in $STORYTRACE_WRITE_TOKEN.")
    ] = False,
) -> None:
    """Serve the web UI and the JSON API (OpenAPI docs at /docs). Read-only unless --allow-write."""
    import uvicorn

    from storytrace.api import create_app

    token = os.environ.get("STORYTRACE_WRITE_TOKEN")
    if allow_write and not token:
        raise _fail("--allow-write needs a token in STORYTRACE_WRITE_TOKEN")
    uvicorn.run(create_app(db or default_db_path(), allow_write=allow_write, write_token=token), host=host, port=port)


@app.command()
def stats(db: DbOption = None, json_out: JsonOption = False) -> None:
    """Counts: articles, languages, outlets, duplicates, revisions, rejects, date range."""
    with _corpus(db) as corpus:
        numbers = corpus.stats()
    if json_out:
        _print_json(numbers)
        return
    table = Table(show_header=False)
    for key, value in numbers.items():
        if isinstance(value, dict):
            top = list(value.items())[:10]
            value = ", ".join(f"{k} {v}" for k, v in top) + (" …" if len(value) > 10 else "")
        table.add_row(key, escape(str(value)))
    console.print(table)


@app.command()
def rejects(
    db: DbOption = None, limit: Annotated[int, typer.Option(min=1)] = 200, json_out: JsonOption = False
) -> None:
    """List rejected inputs with their reason (the raw input is kept in the database)."""
    with _corpus(db) as corpus:
        rows = corpus.rejects(limit)
    if not rows and not json_out:
        console.print("no rejects")
        return
    _emit(
        rows,
        json_out,
        ("origin", "reason", "detail"),
        lambda row: (escape(row["origin"]), row["reason"], escape(row["detail"])),
    )


def _fail(message: str) -> typer.Exit:
    errors.print(f"error: {escape(message)}")
    return typer.Exit(1)


def main() -> None:
    """Entry point: run the app, turning expected failures into one clear line."""
    try:
        app()
    except (StoreError, ExportError, ReportError, ValueError, OSError) as error:
        errors.print(f"error: {escape(str(error))}")
        sys.exit(1)
    except KeyboardInterrupt:
        errors.print("interrupted: batches already written are kept; run the same command again to resume")
        sys.exit(130)
    except Exception as error:  # a bug: still one line, with the traceback on request
        if os.environ.get("STORYTRACE_DEBUG"):
            raise
        errors.print(f"error: internal {type(error).__name__}: {escape(str(error))} (STORYTRACE_DEBUG=1 shows more)")
        sys.exit(2)
