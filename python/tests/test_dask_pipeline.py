"""The scale-out example (examples/python/dask_pipeline.py) on a real Dask
LocalCluster of 2 worker processes: credentials issued to Parquet by the
workers, read back and checked partition by partition, counted per code."""

from __future__ import annotations

import os
import sys

import pytest

pytest.importorskip("dask.distributed")
pytest.importorskip("pyarrow")

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "python")
sys.path.insert(0, os.path.abspath(EXAMPLES))

import credential_jobs as jobs  # noqa: E402
import dask_pipeline  # noqa: E402
from dask.distributed import Client  # noqa: E402

COUNT = 3_000


@pytest.fixture(scope="module")
def client():
    with dask_pipeline.cluster(workers=2, threads_per_worker=1) as lc, Client(lc) as c:
        yield c


def test_counts_per_code_are_exact(client, tmp_path):
    path = str(tmp_path / "credentials.parquet")
    dask_pipeline.issue_to_parquet(COUNT, partitions=6, path=path)
    counts = dask_pipeline.count_codes(COUNT, path)
    # 1 in 50 of each spoiled kind (credential_jobs' table).
    assert {str(k): int(v) for k, v in counts.items()} == {
        "valid": 2_640,
        "bad_signature": 60,
        "malformed": 60,
        "revoked": 60,
        "suspended": 60,
        "expired": 60,
        "unknown_key": 60,
    }
    assert jobs.expected_counts(COUNT) == {str(k): int(v) for k, v in counts.items()}


def test_parquet_holds_every_credential_once(client, tmp_path):
    import pandas as pd

    path = str(tmp_path / "credentials.parquet")
    dask_pipeline.issue_to_parquet(COUNT, partitions=6, path=path)
    frame = pd.read_parquet(path)
    assert sorted(frame["index"]) == list(range(COUNT))
    assert frame["qr"].str.startswith("CK1:").all()
    assert frame["qr"].nunique() == COUNT


def test_both_worker_processes_run_one_credkit_thread(client, tmp_path):
    # The pool size follows threads_per_worker through CREDKIT_NUM_THREADS,
    # in two distinct processes, none of them this one.
    def probe() -> tuple[int, int]:
        import credkit

        return os.getpid(), credkit.get_num_threads()

    # Run a partition on every worker first, so each has built its pool.
    dask_pipeline.issue_to_parquet(200, partitions=4, path=str(tmp_path / "p"))
    seen = client.run(probe)
    assert len(seen) == 2
    pids = {pid for pid, _ in seen.values()}
    assert len(pids) == 2 and os.getpid() not in pids
    assert {threads for _, threads in seen.values()} == {1}


def test_figures_count_every_stage(client, tmp_path):
    figures = dask_pipeline.run(client, 500, 2, str(tmp_path / "f.parquet"))
    assert figures["counts"] == jobs.expected_counts(500)
    for stage in ("issue", "check"):
        assert figures[stage]["per_s"] > 0 and figures[stage]["cpu_us"] > 0
