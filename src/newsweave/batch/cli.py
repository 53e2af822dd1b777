"""``newsweave batch``: parse the flags, call :func:`newsweave.batch.run_batch`, print the totals."""

from __future__ import annotations

import sys

import click

from .._flags import llm_choice
from ..options import load_options


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Output directory (partitions, manifest.jsonl, report.jsonl).")
@click.option("--method", default=None, help="Summarization method (see `newsweave methods`).")
@click.option("--words", type=int, default=None, help="Target length in words (default 250).")
@click.option("--analysis/--no-analysis", default=None, help="Add who said what, agreement, conflicts, timeline (default: on).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True, help="Run in this process, or on Dask.")
@click.option("--scheduler", default=None, help="With --engine dask: a running scheduler's address (default: start a LocalCluster).")
@click.option("--workers", type=int, default=2, show_default=True, help="With --engine dask and no --scheduler: LocalCluster worker processes.")
@click.option("--format", "fmt", type=click.Choice(["parquet", "jsonl"]), default="parquet", show_default=True, help="Partition file format.")
@click.option("--partition-size", type=int, default=None, help="Clusters per partition (default 200; a partition also closes at 32 MB of input).")
@click.option("--limit", type=int, default=None, help="Only the first N input clusters (a bounded slice).")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@llm_choice
def batch(inputs, out, method, words, analysis, engine, scheduler, workers, fmt, partition_size, limit, no_progress, **llm_settings) -> None:
    """Summarize every cluster of JSONL (gzip too) or Parquet INPUTS (paths or globs) into partitions under --out.

    A rerun with the same settings skips finished partitions; report.jsonl lists every
    cluster without a digest, with its reason.
    """
    from . import BatchSettings, EngineSettings, run_batch
    from .partitions import DEFAULT_PARTITION_CLUSTERS

    options = load_options(words=words, method=method, analysis=analysis, **llm_settings)
    settings = BatchSettings(
        inputs=list(inputs), out=out, options=options, format=fmt,
        partition_clusters=partition_size or DEFAULT_PARTITION_CLUSTERS, limit=limit,
        engine=EngineSettings(name=engine, scheduler=scheduler, workers=workers,
                              progress=not no_progress and sys.stderr.isatty()),
    )
    result = run_batch(settings)
    for problem in result.problems:
        click.echo(f"newsweave: skipped input: {problem}", err=True)
    status = result.status
    click.echo(
        f"newsweave batch: {result.partitions_run} partitions run, {result.partitions_done_before} already done;"
        f" {result.rows} clusters this run: {status['ok']} summarized, {status['skipped']} skipped,"
        f" {status['crashed']} crashed (see {result.out}/report.jsonl); {result.seconds:.1f} s",
        err=True,
    )
    if result.failed:
        for line in result.failed:
            click.echo(f"newsweave: partition failed: {line}", err=True)
        click.echo("newsweave: error: some partitions did not finish; run the same command again to retry them", err=True)
        sys.exit(1)
