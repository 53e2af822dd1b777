"""newsweave batch: real Multi-News clusters through the local engine and a 2-worker Dask LocalCluster,
resume, bad input reported with reasons, and crash safety (a killed worker, a killed batch)."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import ROOT, VAL

pytest.importorskip("pyarrow")
pytest.importorskip("distributed")

from newsweave import ResumeError, load_options  # noqa: E402
from newsweave.batch import BatchSettings, EngineSettings, read_rows, run_batch  # noqa: E402
from newsweave.cli import main  # noqa: E402

FAST = load_options(analysis=False)  # the crash tests time the kill, not the analysis


def val_subset(tmp_path: Path, n: int, *, name: str = "val.jsonl.gz") -> Path:
    """The first ``n`` clusters of Multi-News val, gzipped like the original."""
    target = tmp_path / name
    with gzip.open(VAL, "rt", encoding="utf-8") as src, gzip.open(target, "wt", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    return target


def val_ids(n: int) -> list[str]:
    with gzip.open(VAL, "rt", encoding="utf-8") as src:
        return [json.loads(line)["id"] for _, line in zip(range(n), src, strict=False)]


def keys(out: Path) -> list[tuple[str, int]]:
    return [(r["input"], r["line"]) for r in read_rows(out, ["input", "line"])]


def test_local_engine_writes_one_versioned_row_per_cluster(tmp_path):
    import pyarrow.parquet as pq

    data = val_subset(tmp_path, 5)
    result = CliRunner().invoke(main, ["batch", str(data), "--out", str(tmp_path / "out"), "--partition-size", "2"])
    assert result.exit_code == 0, result.output
    assert "5 summarized, 0 skipped, 0 crashed" in result.output
    files = sorted((tmp_path / "out").glob("part-*.parquet"))
    assert len(files) == 3  # 2 + 2 + 1
    meta = pq.read_schema(files[0]).metadata
    assert meta[b"newsweave.batch.schema"] == b"1"
    assert json.loads(meta[b"newsweave.options"])["analysis"] is True
    rows = read_rows(tmp_path / "out")
    assert [r["id"] for r in rows] == val_ids(5)
    for row in rows:
        assert row["status"] == "ok" and row["reason"] is None
        digest = json.loads(row["digest"])
        assert digest["summary"] == row["summary"] and "analysis" in digest
        assert 150 <= row["words"] <= 290
        for s in row["sentences"]:  # citations point inside the cited article's cleaned text
            doc = digest["sources"][s["article"]]
            assert 0 <= s["start"] < s["end"] and doc is not None


def test_jsonl_output_and_parquet_input(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    with gzip.open(VAL, "rt", encoding="utf-8") as src:
        records = [json.loads(next(src)) for _ in range(3)]
    table = pa.Table.from_pylist([{"id": r["id"], "documents": r["documents"]} for r in records])
    pq.write_table(table, tmp_path / "in.parquet")
    settings = BatchSettings(inputs=[str(tmp_path / "*.parquet")], out=tmp_path / "out", options=FAST,
                             format="jsonl", engine=EngineSettings(progress=False))
    result = run_batch(settings)
    assert result.status["ok"] == 3
    rows = read_rows(tmp_path / "out")
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    assert [r["line"] for r in rows] == [1, 2, 3]
    assert isinstance(rows[0]["digest"], dict)


def test_bad_input_is_reported_with_a_reason(tmp_path):
    data = val_subset(tmp_path, 1, name="one.jsonl.gz")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "broken", "documents": ["x"\n{"id": "empty", "documents": ["", "  "]}\n'
                   '{"documents": ["No full stop here and nothing else"]}\n', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(data), str(bad), str(tmp_path / "missing.jsonl"), "--out", str(out),
                                       "--no-analysis"])
    assert result.exit_code == 0, result.output
    assert "missing.jsonl: no such file" in result.output
    report = [json.loads(line) for line in (out / "report.jsonl").read_text().splitlines()]
    reasons = {(r.get("line"), r["status"]): r["reason"] for r in report}
    assert "missing.jsonl: no such file" in reasons[(None, "input")]
    assert "bad.jsonl:1: not valid JSON" in reasons[(1, "skipped")]
    assert "'empty' is empty" in reasons[(2, "skipped")]
    rows = read_rows(out)
    assert len(rows) == 4  # every record has its row, with or without a digest
    assert [r["status"] for r in rows][:3] == ["ok", "skipped", "skipped"]
    assert not any(r["status"] == "crashed" for r in rows)


def test_resume_skips_finished_partitions_and_refuses_other_options(tmp_path):
    data = val_subset(tmp_path, 6)
    out = tmp_path / "out"
    settings = BatchSettings(inputs=[str(data)], out=out, options=FAST, partition_clusters=2,
                             engine=EngineSettings(progress=False))
    first = run_batch(settings)
    assert first.partitions_run == 3
    (out / "part-000001.parquet").unlink()  # as if the run had died before this partition
    again = run_batch(settings)
    assert (again.partitions_done_before, again.partitions_run, again.rows) == (2, 1, 2)
    assert sorted(keys(out)) == sorted(set(keys(out))) and len(keys(out)) == 6
    with pytest.raises(ResumeError, match="different words"):
        run_batch(BatchSettings(inputs=[str(data)], out=out, options=FAST.replace(words=100), partition_clusters=2,
                                engine=EngineSettings(progress=False)))
    with pytest.raises(ResumeError, match="different partition_clusters"):
        run_batch(BatchSettings(inputs=[str(data)], out=out, options=FAST, partition_clusters=3,
                                engine=EngineSettings(progress=False)))


def test_dask_survives_a_killed_worker(tmp_path):
    """Two LocalCluster workers; one is SIGKILLed after the first partition; Dask re-runs its work."""
    data = val_subset(tmp_path, 16)
    out = tmp_path / "out"
    killed: list[int] = []

    def kill_once(entry):
        if not killed:
            killed.append(entry["pid"])
            os.kill(entry["pid"], signal.SIGKILL)

    settings = BatchSettings(inputs=[str(data)], out=out, options=FAST, partition_clusters=2,
                             engine=EngineSettings(name="dask", workers=2, progress=False))
    result = run_batch(settings, on_partition=kill_once)
    assert killed and result.complete and result.workers == 2
    with pytest.raises(ProcessLookupError):
        os.kill(killed[0], 0)
    assert result.partitions_run == 8
    got = keys(out)
    assert len(got) == 16 and len(set(got)) == 16  # none lost, none duplicated
    assert [r["id"] for r in read_rows(out, ["id"])] == val_ids(16)
    # The models loaded once in each worker process, not once per cluster or partition.
    assert all(e["loads_in_process"] == 1 for e in result.entries)
    assert len({e["pid"] for e in result.entries}) <= 3  # two workers, one of them perhaps restarted


def test_a_killed_batch_resumes_without_loss_or_duplicates(tmp_path):
    data = val_subset(tmp_path, 40)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "newsweave.cli", "batch", str(data), "--out", str(out), "--partition-size", "1",
           "--no-analysis", "--no-progress"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    manifest = out / "manifest.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if manifest.exists() and manifest.read_text().count("\n") >= 4:  # header and 3 partitions
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    before = len(list(out.glob("part-*.parquet")))
    assert 3 <= before < 40, "the kill came too late to be midway"
    result = CliRunner().invoke(main, cmd[3:])
    assert result.exit_code == 0, result.output
    assert f"{before} already done" in result.output or f"{before - 1} already done" in result.output
    got = keys(out)
    assert len(got) == 40 and len(set(got)) == 40
    assert not list(out.glob("*.tmp-*"))


def test_partitions_close_at_the_byte_bound(tmp_path):
    from newsweave.batch.inputs import expand_inputs, iter_records
    from newsweave.batch.partitions import cut_partitions

    data = val_subset(tmp_path, 30)
    files, problems = expand_inputs([str(data)])
    records = list(iter_records(files, problems))
    biggest = max(r.size for r in records)
    bound = 3 * biggest
    parts = list(cut_partitions(records, max_clusters=1000, max_bytes=bound))
    assert len(parts) > 1 and [r for p in parts for r in p.records] == records
    for part in parts:  # a partition holds at most the bound (or one record on its own)
        assert len(part.records) == 1 or sum(r.size for r in part.records) <= bound


def test_dask_on_a_running_scheduler(tmp_path):
    """--scheduler ADDRESS: the same code path on a cluster started elsewhere."""
    from distributed import LocalCluster

    data = val_subset(tmp_path, 4)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        result = CliRunner().invoke(main, ["batch", str(data), "--out", str(tmp_path / "out"), "--engine", "dask",
                                           "--scheduler", cluster.scheduler_address, "--no-analysis"])
    assert result.exit_code == 0, result.output
    assert f"dask scheduler {cluster.scheduler_address}, 1 workers" in result.output
    assert [r["id"] for r in read_rows(tmp_path / "out", ["id"])] == val_ids(4)
