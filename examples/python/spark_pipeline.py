"""The Dask example's pipeline on Spark: issue credentials to Parquet with
``mapInArrow``, read them back and count ``check_many``'s results per code.

    python examples/python/spark_pipeline.py --count 1000000 --master 'local[2]'

Needs ``pyspark`` (with a JDK 17), ``pyarrow``, ``credkit``; ``psutil`` too
for the CPU figure. Spark runs one Python worker process per task slot, so
each needs one credkit thread: ``CREDKIT_NUM_THREADS=1`` in the executors'
environment (``spark.executorEnv.*``; in local mode the workers inherit this
process's environment, set below before the JVM starts). Spark forks its
Python workers from a daemon process; credkit's pool is fork-safe, so reused
and forked workers both work.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator

import pyarrow as pa

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import credential_jobs as jobs  # noqa: E402

THREADS_PER_TASK = "1"
os.environ.setdefault("CREDKIT_NUM_THREADS", THREADS_PER_TASK)
# The workers run this interpreter (where credkit is installed), not the
# first python3 on PATH.
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

from pyspark.sql import SparkSession  # noqa: E402


def issue_batches(issuer: jobs.Shippable):  # type: ignore[no-untyped-def]
    """mapInArrow function: rows of ``id`` in, rows of ``(index, qr)`` out."""

    def issue(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            ids = batch.column("id").to_numpy()
            if len(ids) == 0:
                continue
            start, stop = int(ids[0]), int(ids[-1]) + 1
            assert stop - start == len(ids), "spark.range batches are contiguous"
            qrs = jobs.issue_range(issuer, start, stop)
            yield pa.RecordBatch.from_arrays(
                [pa.array(ids, pa.int64()), pa.array(qrs, pa.string())], names=["index", "qr"]
            )

    return issue


def check_batches(verifier: jobs.Shippable):  # type: ignore[no-untyped-def]
    """mapInArrow function: rows of ``qr`` in, one ``code`` per row out."""

    def check(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            codes = jobs.check(verifier, batch.column("qr").to_pylist())
            yield pa.RecordBatch.from_arrays([pa.array(codes, pa.string())], names=["code"])

    return check


def _tree_cpu_seconds() -> float | None:
    """CPU time of this process and every descendant (JVM, Python workers)."""
    try:
        import psutil
    except ImportError:
        return None
    me = psutil.Process()
    total = 0.0
    for p in [me, *me.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--partitions", type=int, default=0, help="default: one per 25,000")
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    partitions = args.partitions or max(1, args.count // 25_000)
    spark = (
        SparkSession.builder.master(args.master)
        .appName("credkit-pipeline")
        .config("spark.executorEnv.CREDKIT_NUM_THREADS", THREADS_PER_TASK)
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "10000")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    # Workers import credential_jobs from here; credkit must be installed.
    spark.sparkContext.addPyFile(jobs.__file__)
    issuer = jobs.ship(jobs.IssuerRecipe())
    verifier = jobs.ship(jobs.verifier_recipe(args.count))
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "credentials.parquet")

        def issue_stage() -> None:
            spark.range(0, args.count, numPartitions=partitions).mapInArrow(
                issue_batches(issuer), "index long, qr string"
            ).write.parquet(path)

        def check_stage() -> dict[str, int]:
            rows = (
                spark.read.parquet(path)
                .mapInArrow(check_batches(verifier), "code string")
                .groupBy("code")
                .count()
                .collect()
            )
            return dict(sorted(((r["code"], r["count"]) for r in rows), key=lambda kv: -kv[1]))

        for stage, work in (("issue", issue_stage), ("check", check_stage)):
            cpu0, wall0 = _tree_cpu_seconds(), time.perf_counter()
            result = work()
            wall, cpu1 = time.perf_counter() - wall0, _tree_cpu_seconds()
            cpu_us = None if cpu0 is None or cpu1 is None else (cpu1 - cpu0) / args.count * 1e6
            figures[stage] = (wall, cpu_us)
            if stage == "check":
                counts = result
    spark.stop()
    print(f"{args.count} credentials, {partitions} partitions, master {args.master}")
    for stage, (wall, cpu_us) in figures.items():
        cpu = "n/a (no psutil)" if cpu_us is None else f"{cpu_us:6.1f} us CPU/credential (JVM included)"
        print(f"{stage:6} {wall:7.1f} s  {args.count / wall:9.0f} credentials/s  {cpu}")
    print("codes:", counts)
    assert counts == jobs.expected_counts(args.count), "unexpected counts"


if __name__ == "__main__":
    main()
