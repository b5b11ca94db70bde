"""The baseline for the Dask and Spark examples: the same credentials issued
and checked in this one process, with credkit's pool on every core.

    python examples/python/one_process.py --count 1000000

Works in chunks (the Dask partitions' size) so that memory stays bounded and
the figures compare like with like; prints wall time, credentials per second
and CPU per credential (``time.process_time()``: all threads of the process).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter

import credkit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import credential_jobs as jobs  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--chunk", type=int, default=25_000)
    args = parser.parse_args()
    issuer, verifier = jobs.IssuerRecipe(), jobs.verifier_recipe(args.count)
    chunks = [(s, min(s + args.chunk, args.count)) for s in range(0, args.count, args.chunk)]

    cpu0, wall0 = time.process_time(), time.perf_counter()
    issued = [jobs.issue_range(issuer, start, stop) for start, stop in chunks]
    issue = (time.perf_counter() - wall0, time.process_time() - cpu0)

    cpu0, wall0 = time.process_time(), time.perf_counter()
    counts: Counter[str] = Counter()
    for qrs in issued:
        counts.update(jobs.check(verifier, qrs))
    check = (time.perf_counter() - wall0, time.process_time() - cpu0)

    print(f"{args.count} credentials in one process, credkit threads: {credkit.get_num_threads()}")
    for stage, (wall, cpu) in (("issue", issue), ("check", check)):
        print(
            f"{stage:6} {wall:7.1f} s  {args.count / wall:9.0f} credentials/s  "
            f"{cpu / args.count * 1e6:6.1f} us CPU/credential"
        )
    got = dict(counts.most_common())
    print("codes:", got)
    assert got == jobs.expected_counts(args.count), "unexpected counts"


if __name__ == "__main__":
    main()
