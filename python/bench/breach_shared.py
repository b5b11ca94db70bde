"""BreachFilter lookups in memory against lookups in a shared file
(positioned reads from the page cache), in the same run, and the resident
memory each process pays for opening a filter either way.

Run with a release build (``maturin develop --release``)::

    python python/bench/breach_shared.py [--entries 2000000] [--lookups 1000000]
"""

import argparse
import hashlib
import multiprocessing
import os
import struct
import tempfile
import time

import credkit


def rss_kib():
    with open("/proc/self/smaps_rollup") as f:
        for line in f:
            if line.startswith("Rss:"):
                return int(line.split()[1])
    return 0


def child(path, in_memory, queue):
    probes = [f"probe-{i}" for i in range(10_000)]
    before = rss_kib()
    bf = credkit.BreachFilter.open(path, in_memory=in_memory)
    bf.contains_many(probes)
    queue.put(rss_kib() - before)


def write_synthetic_filter(path, mib):
    """A valid filter file of about `mib` MiB that claims no keys (all-zero
    fingerprints): building a real one that large takes minutes."""
    segment_length = 1 << 18
    segment_count = mib * (1 << 20) // (2 * segment_length) - 2
    header = b"CKBREACH" + struct.pack("<I", 1) + bytes([16, 1, 0, 0]) + struct.pack("<Q", 0)
    shard = struct.pack("<QIIII", 0x1234, segment_length, segment_count, 0, 0)
    digest = hashlib.sha256(header + shard)
    zeros = bytes(1 << 20)
    with open(path, "wb") as f:
        f.write(header + shard)
        remaining = 2 * (segment_count + 2) * segment_length
        while remaining:
            n = min(remaining, len(zeros))
            f.write(zeros[:n])
            digest.update(zeros[:n])
            remaining -= n
        f.write(digest.digest())


def best(f, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=2_000_000)
    ap.add_argument("--lookups", type=int, default=1_000_000)
    ap.add_argument("--processes", type=int, default=4)
    ap.add_argument("--rss-mib", type=int, default=256, help="size of the synthetic file for the RSS figures")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "filter.bin")
        credkit.BreachFilter.from_passwords([f"breached-{i}" for i in range(args.entries)]).save(path)
        size = os.path.getsize(path)
        print(f"filter: {args.entries} entries, {size / 2**20:.1f} MiB; credkit threads {credkit.get_num_threads()}")
        mem = credkit.BreachFilter.open(path, in_memory=True)
        shared = credkit.BreachFilter.open(path, in_memory=False)
        words = [f"breached-{i}" if i % 2 else f"fresh-{i}" for i in range(args.lookups)]
        assert mem.contains_many(words) == shared.contains_many(words)
        t_mem = best(lambda: mem.contains_many(words))
        t_shared = best(lambda: shared.contains_many(words))
        n = 100_000
        t_mem1 = best(lambda: [mem.contains(w) for w in words[:n]])
        t_shared1 = best(lambda: [shared.contains(w) for w in words[:n]])
        print(
            f"contains_many, {args.lookups} lookups: memory {t_mem * 1e9 / args.lookups:7.0f} ns/lookup, "
            f"shared {t_shared * 1e9 / args.lookups:7.0f} ns/lookup, shared/memory {t_shared / t_mem:5.2f}x"
        )
        print(
            f"contains (one call each), {n} lookups: memory {t_mem1 * 1e9 / n:7.0f} ns/lookup, "
            f"shared {t_shared1 * 1e9 / n:7.0f} ns/lookup, shared/memory {t_shared1 / t_mem1:5.2f}x"
        )
        big = os.path.join(tmp, "big.bin")
        write_synthetic_filter(big, args.rss_mib)
        size = os.path.getsize(big)
        t = best(lambda: credkit.BreachFilter.open(big, in_memory=False), 2)
        print(f"open shared {size / 2**20:.0f} MiB (header, shard table, SHA-256 of the file): {t * 1e3:.1f} ms")
        ctx = multiprocessing.get_context("spawn")
        for in_memory in (True, False):
            queue = ctx.Queue()
            procs = [ctx.Process(target=child, args=(big, in_memory, queue)) for _ in range(args.processes)]
            for p in procs:
                p.start()
            growth = [queue.get() for _ in procs]
            for p in procs:
                p.join()
            kind = "in memory" if in_memory else "shared   "
            print(
                f"{args.processes} processes, {kind}: RSS growth per process "
                f"{', '.join(f'{g / 1024:.1f}' for g in growth)} MiB (file {size / 2**20:.1f} MiB)"
            )


if __name__ == "__main__":
    main()
