"""The ``newsweave`` command: a thin layer that parses, calls the library, renders."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import click

from . import __version__
from ._flags import llm_choice
from .errors import InputError, NewsweaveError
from .feeds.cli import watch
from .options import load_options

_METHOD_HELP = "Summarization method (see `newsweave methods`)."


class _Group(click.Group):
    """Turns every NewsweaveError into one line on stderr and exit status 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except NewsweaveError as err:
            click.echo(f"newsweave: error: {err}", err=True)
            ctx.exit(2)
        except BrokenPipeError:
            ctx.exit(0)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="newsweave")
def main() -> None:
    """Cited, length-controlled digests of news clusters, offline."""


def _format_choices() -> list[str]:
    from .render import FORMATS

    return list(FORMATS)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--words", type=int, default=None, help="Target length in words (default 250).")
@click.option("--method", default=None, help=_METHOD_HELP)
@click.option("--format", "fmt", type=click.Choice(_format_choices()), default=None, help="Output format (default: text; json lines for JSONL input).")
@click.option("--explain", is_flag=True, help="Also list what cleaning removed, and why.")
@click.option("--analysis/--no-analysis", default=None, help="Add who said what, agreement, conflicts, timeline (default: on).")
@click.option("--demo", is_flag=True, help="Summarize the built-in demo cluster.")
@click.option(
    "--out-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Write each cluster's digest to its own file in this directory (named after the cluster id).",
)
@click.option(
    "--resume",
    is_flag=True,
    help="With --out-dir: keep the files an earlier run finished and summarize only the clusters without one.",
)
@llm_choice
@click.option("--stream", is_flag=True, help="With --llm: show the model's answer on stderr as it is written.")
@click.option("--check/--no-check", default=None, help="Run the support check on an extractive digest too.")
def summarize(
    paths: tuple[Path, ...],
    words: int | None,
    method: str | None,
    fmt: str | None,
    explain: bool,
    analysis: bool | None,
    demo: bool,
    out_dir: Path | None,
    resume: bool,
    stream: bool,
    **llm_settings: str | bool | None,
) -> None:
    """Summarize articles: files, a directory, JSONL clusters, or - for stdin."""
    from .demo import demo_cluster
    from .ingest import read_clusters
    from .render import render
    from .render.json_format import render_jsonl

    options = load_options(words=words, method=method, analysis=analysis, **llm_settings)
    summarize_cluster = _summarizer(options, stream)
    skipped: list[str] = []
    if demo:
        if paths:
            raise InputError("--demo takes no input paths")
        items = [demo_cluster()]
        batch = False
    else:
        if not paths:
            if sys.stdin.isatty():
                raise InputError("no input: give article files, a directory, a JSONL file, or - for stdin")
            paths = (Path("-"),)
        stdin = None
        batch = any(str(p).lower().endswith((".jsonl", ".jsonl.gz", ".json", ".ndjson")) for p in paths)
        if any(str(p) == "-" for p in paths):
            text = sys.stdin.read()
            batch = text.lstrip().startswith("{")
            stdin = io.StringIO(text)
        items = read_clusters([str(p) for p in paths], stdin=stdin, skipped=skipped)
    if resume and out_dir is None:
        raise InputError("--resume continues an --out-dir run; add --out-dir DIR")
    if batch and fmt == "html" and out_dir is None:
        raise InputError("--format html renders one cluster per page; for JSONL input add --out-dir DIR")
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise InputError(f"{out_dir}: cannot create the output directory ({err.strerror})") from None
    written: set[str] = set()
    failures = 0
    first = True
    kept = 0
    for item in items:
        target = None
        if out_dir is not None and not isinstance(item, InputError):
            target = _output_path(out_dir, item.id, fmt or "text", written)
            if resume and target.is_file():
                kept += 1
                continue
        try:
            if isinstance(item, InputError):
                raise item
            digest = summarize_cluster(item, options)
            if target is not None:
                _write_whole(target, render(digest, fmt or "text", explain=explain) + "\n")
        except NewsweaveError as err:
            if not batch:
                raise
            failures += 1
            click.echo(f"newsweave: skipped: {err}", err=True)
            continue
        if target is not None:
            click.echo(str(target))
        elif batch and fmt in (None, "json"):
            click.echo(render_jsonl(digest))
        else:
            if not first:
                click.echo("")
            if batch:
                click.echo(f"# {digest.id}" if fmt == "markdown" else f"== {digest.id} ==")
            click.echo(render(digest, fmt or "text", explain=explain))
        first = False
    if kept:
        click.echo(f"newsweave: kept {kept} file(s) an earlier run wrote in {out_dir}", err=True)
    for name in skipped:  # filled while the inputs were read
        click.echo(f"newsweave: skipped {name}", err=True)
    if failures:
        click.echo(f"newsweave: {failures} cluster(s) skipped", err=True)
        sys.exit(1)


def _summarizer(options, stream: bool):
    """The function that makes one cluster's digest (pipeline.make_digest), echoing a model's answer with --stream."""
    from .pipeline import make_digest

    def echo(text: str) -> None:
        click.echo(text, err=True, nl=False)

    return lambda cluster, opts: make_digest(cluster, opts, on_text=echo if stream else None)


_EXTENSIONS = {"text": "txt", "json": "json", "markdown": "md", "html": "html"}


def _write_whole(target: Path, text: str) -> None:
    """Write ``target`` so that it exists only once complete (a ``.part`` file renamed into place).

    An interrupted run therefore leaves no half-written digest behind, and
    ``--resume`` can trust every file it finds.
    """
    part = target.with_name(target.name + ".part")
    try:
        part.write_text(text, encoding="utf-8")
        part.replace(target)
    except OSError as err:
        raise InputError(f"{target}: cannot write the digest ({err.strerror})") from None
    finally:  # also on Ctrl-C: no .part file is left behind
        if part.is_file():
            part.unlink()


def _output_path(out_dir: Path, cluster_id: str, fmt: str, written: set[str]) -> Path:
    """A file for one cluster's digest: its id made safe for file names, unique in this run."""
    stem = re.sub(r"[^\w.-]+", "_", cluster_id).strip("._")[:100] or "cluster"
    name, n = stem, 1
    while name in written:
        n += 1
        name = f"{stem}-{n}"
    written.add(name)
    return out_dir / f"{name}.{_EXTENSIONS.get(fmt, fmt)}"


@main.command()
@click.argument("data", type=click.Path(path_type=Path))
@click.option("--method", default=None, help=_METHOD_HELP)
@click.option("--limit", type=int, default=None, help="Evaluate only the first N clusters.")
@click.option("--words", type=int, default=None, help="Budget in words; outputs are trimmed to it (default 250).")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Per-cluster results (JSONL), written as it goes; an existing file is resumed.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@llm_choice
def eval(  # noqa: A001
    data: Path, method: str | None, limit: int | None, words: int | None, out: Path | None, as_json: bool, **llm_settings: str | None
) -> None:
    """Score a method on JSONL clusters with reference summaries (ROUGE, rouge-score)."""
    import itertools

    from tqdm import tqdm

    from .evaluate import METRICS, evaluate
    from .ingest import read_clusters

    if limit is not None and limit < 1:
        raise InputError(f"--limit must be a positive number, got {limit}")
    options = load_options(words=words, method=method, **llm_settings)
    clusters = read_clusters([str(data)])
    if limit:
        clusters = itertools.islice(clusters, limit)
    with tqdm(total=limit, unit="cluster", desc="eval", file=sys.stderr, disable=None) as bar:
        report = evaluate(clusters, options, out=out, progress=bar.update)
    for err in report.errors:
        click.echo(f"newsweave: skipped: {err}", err=True)
    for err in report.failures:
        click.echo(f"newsweave: scored as an empty output: {err}", err=True)
    if len(report.scored) == len(report.failures):
        raise InputError(f"{data}: no cluster could be summarized and scored")
    summary = report.summary()
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    empty = f" ({summary['scored_as_empty']} scored as empty outputs)" if summary["scored_as_empty"] else ""
    click.echo(
        f"method {summary['method']}, {summary['clusters']} clusters{empty}, budget {summary['budget']} words,"
        f" {summary['skipped']} skipped"
    )
    for m in METRICS:
        s = summary[m]
        click.echo(f"{m:<10} {s['mean']:6.2f}  [{s['ci95'][0]:.2f}, {s['ci95'][1]:.2f}]")
    click.echo(f"{'words':<10} {summary['average_words']:6.1f}")
    click.echo(f"{'clusters/s':<10} {summary['clusters_per_second']:6.2f}")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--no-times", is_flag=True, help="Ignore publication times: cluster from the text alone.")
@click.option("--digests", is_flag=True, help="Add each story's digest (JSON, with its headline) to its line.")
@click.option("--words", type=int, default=None, help="Digest length in words, with --digests (default 250).")
def cluster(paths: tuple[Path, ...], no_times: bool, digests: bool, words: int | None) -> None:
    """Find the stories in a stream of articles (JSONL, one article per line, or article files).

    Prints one JSON line per story, in the order stories began: its id, its article ids
    in arrival order, first and last publication time, and with --digests its digest.
    """
    from .ingest.articles import read_articles
    from .pipeline import make_digest
    from .render.json_format import to_dict
    from .stories import cluster_stream, story_cluster

    options = load_options(words=words, analysis=False) if digests else None
    skipped: list[str] = []
    result = cluster_stream(read_articles(list(paths), skipped=skipped), times=not no_times)
    for note in skipped:
        click.echo(f"newsweave: skipped: {note}", err=True)
    for err in result.errors:
        click.echo(f"newsweave: skipped: {err}", err=True)
    if not result.stories:
        raise InputError("no article could be read from the input")
    for story in result.stories:
        line: dict = {
            "story": story.id,
            "articles": list(story.articles),
            "first_seen": story.first_seen.isoformat() if story.first_seen else None,
            "last_seen": story.last_seen.isoformat() if story.last_seen else None,
        }
        if digests:
            try:
                line["digest"] = to_dict(make_digest(story_cluster(story, result.articles), options))
            except NewsweaveError as err:
                line["digest"] = None
                click.echo(f"newsweave: no digest for {story.id}: {err}", err=True)
        click.echo(json.dumps(line, ensure_ascii=False))
    if result.errors:
        sys.exit(1)


@main.command()
def methods() -> None:
    """List the summarization methods (the default first)."""
    from .rank import DEFAULT_METHOD
    from .rank import methods as registry

    for name, method in registry().items():
        mark = " (default)" if name == DEFAULT_METHOD else ""
        click.echo(f"{name}{mark}: {method.description}")
    from .llm import backends

    names = ", ".join(backends())
    click.echo(
        "llm: Abstractive: a language model writes the digest from the ranked source sentences, every sentence"
        f" checked against the ones it cites (choose a backend with --llm: {names})"
    )


main.add_command(watch)  # newsweave watch: feeds, in newsweave/feeds/cli.py


def _register_desk_commands() -> None:
    from .service.cli import serve

    main.add_command(serve)


_register_desk_commands()
main.add_command(__import__("newsweave.check.cli", fromlist=["check"]).check)  # newsweave check
main.add_command(__import__("newsweave.batch.cli", fromlist=["batch"]).batch)  # newsweave batch

if __name__ == "__main__":
    main()
