"""Issue credentials to Parquet and re-verify them, partition by partition,
on a Dask ``LocalCluster`` of worker processes; count the results per code.

    python examples/python/dask_pipeline.py --count 1000000 --workers 2

Needs ``credkit``, ``dask[distributed]``, ``pandas`` and ``pyarrow``. Every
worker process gets ``CREDKIT_NUM_THREADS=1``: Dask already runs one task
per worker thread, and each task's batch call then runs on one thread (the
pool's, or its own if another task holds the pool). Without it, each process
would start one pool thread per core: ``workers x cores`` threads in all. Prints wall time, credentials per second and CPU per
credential (all worker processes' CPU time, measured in the workers).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from typing import Any

import cloudpickle
import dask.dataframe as dd
import pandas as pd
from dask.distributed import Client, LocalCluster

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import credential_jobs as jobs  # noqa: E402

# Ship this module's code inside the tasks: the workers need only credkit
# installed, not this directory on their path.
cloudpickle.register_pickle_by_value(jobs)


def _issue_partition(bounds: tuple[int, int], issuer: jobs.Shippable) -> pd.DataFrame:
    start, stop = bounds
    return pd.DataFrame(
        {"index": pd.RangeIndex(start, stop), "qr": jobs.issue_range(issuer, start, stop)}
    )


def _check_partition(part: pd.DataFrame, verifier: jobs.Shippable) -> pd.Series:
    return pd.Series(jobs.check(verifier, part["qr"]), index=part.index, name="code")


def _cpu_seconds() -> float:
    return time.process_time()


def issue_to_parquet(count: int, partitions: int, path: str) -> None:
    """Issues ``range(count)`` in ``partitions`` tasks and writes Parquet."""
    issuer = jobs.ship(jobs.IssuerRecipe())
    bounds = [(p * count // partitions, (p + 1) * count // partitions) for p in range(partitions)]
    meta = pd.DataFrame({"index": pd.Series([], dtype="int64"), "qr": pd.Series([], dtype=object)})
    issued = dd.from_map(_issue_partition, bounds, issuer=issuer, meta=meta)
    issued.to_parquet(path, write_index=False)


def count_codes(count: int, path: str) -> pd.Series:
    """Reads the Parquet back and counts ``check_many``'s result per code."""
    verifier = jobs.ship(jobs.verifier_recipe(count))
    codes = dd.read_parquet(path).map_partitions(_check_partition, verifier, meta=("code", object))
    return codes.value_counts().compute()


def cluster(workers: int, threads_per_worker: int) -> LocalCluster:
    """A LocalCluster of worker processes, one credkit thread per task."""
    return LocalCluster(
        n_workers=workers,
        threads_per_worker=threads_per_worker,
        processes=True,
        dashboard_address=None,
        # Read by each worker process when its credkit pool is first built.
        env={"CREDKIT_NUM_THREADS": "1"},
    )


def run(client: Client, count: int, partitions: int, path: str) -> dict[str, Any]:
    """Both stages, timed; returns the counts and the figures."""
    figures: dict[str, Any] = {}
    for stage, work in (
        ("issue", lambda: issue_to_parquet(count, partitions, path)),
        ("check", lambda: count_codes(count, path)),
    ):
        cpu0 = sum(client.run(_cpu_seconds).values())
        wall0 = time.perf_counter()
        result = work()
        wall = time.perf_counter() - wall0
        cpu = sum(client.run(_cpu_seconds).values()) - cpu0
        figures[stage] = {"wall_s": wall, "per_s": count / wall, "cpu_us": cpu / count * 1e6}
        if stage == "check":
            figures["counts"] = {str(k): int(v) for k, v in result.items()}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--partitions", type=int, default=0, help="default: one per 25,000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads-per-worker", type=int, default=1)
    parser.add_argument("--out", default=None, help="Parquet directory (default: a temporary one)")
    args = parser.parse_args()
    partitions = args.partitions or max(1, args.count // 25_000)
    with tempfile.TemporaryDirectory() as tmp, cluster(
        args.workers, args.threads_per_worker
    ) as lc, Client(lc) as client:
        path = args.out or os.path.join(tmp, "credentials.parquet")
        figures = run(client, args.count, partitions, path)
        threads = client.run(lambda: __import__("credkit").get_num_threads())
    print(
        f"{args.count} credentials, {partitions} partitions, {args.workers} worker processes "
        f"x {args.threads_per_worker} thread(s), credkit threads per worker: "
        f"{sorted(set(threads.values()))}"
    )
    for stage in ("issue", "check"):
        f = figures[stage]
        print(
            f"{stage:6} {f['wall_s']:7.1f} s  {f['per_s']:9.0f} credentials/s  "
            f"{f['cpu_us']:6.1f} us worker CPU/credential"
        )
    print("codes:", figures["counts"])
    assert figures["counts"] == jobs.expected_counts(args.count), "unexpected counts"


if __name__ == "__main__":
    main()
