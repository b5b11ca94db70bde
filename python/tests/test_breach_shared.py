"""BreachFilter files shared between processes (positioned reads from the
page cache) against filters read into memory: same answers, no per-process
copy, typed errors for bad or changed files."""

import hashlib
import multiprocessing
import os
import pickle
import shutil
import struct

import pytest

import credkit

BREACHED = [f"breached-{i}" for i in range(20_000)]
CANDIDATES = BREACHED[::7] + [f"fresh-{i}" for i in range(5_000)] + ["password1", ""]


def write_synthetic_filter(path, segment_count, segment_length=1 << 18):
    """A structurally valid filter file of about 2 * (segment_count + 2) *
    segment_length bytes that claims no keys (all-zero fingerprints),
    written the way the file format in src/policy/filter.rs describes."""
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
    return os.path.getsize(path)


def rss_bytes():
    """This process's resident memory, from /proc/self/smaps_rollup."""
    with open("/proc/self/smaps_rollup") as f:
        for line in f:
            if line.startswith("Rss:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no Rss line")


def _answers(path, in_memory, queue):
    bf = credkit.BreachFilter.open(path, in_memory=in_memory)
    queue.put((os.getpid(), bf.contains_many(CANDIDATES), bf.path is not None))


def _rss_growth(path, in_memory, queue):
    before = rss_bytes()
    bf = credkit.BreachFilter.open(path, in_memory=in_memory)
    bf.contains_many([f"pw-{i}" for i in range(20_000)])
    queue.put(rss_bytes() - before)


@pytest.fixture(scope="module")
def filter_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("breach") / "filter.bin"
    credkit.BreachFilter.from_passwords(BREACHED).save(path)
    return path


def _run_children(target, args_list):
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=target, args=(*args, queue)) for args in args_list]
    for p in procs:
        p.start()
    results = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return results


class TestSharedFilter:
    def test_same_answers_as_in_memory(self, filter_file):
        """A shared filter answers every lookup exactly as the same file in memory."""
        mem = credkit.BreachFilter.open(filter_file, in_memory=True)
        shared = credkit.BreachFilter.open(filter_file, in_memory=False)
        assert mem.path is None and shared.path == filter_file
        expected = mem.contains_many(CANDIDATES)
        assert all(expected[: len(BREACHED[::7])])
        assert shared.contains_many(CANDIDATES) == expected
        assert [shared.contains(c) for c in CANDIDATES[:500]] == expected[:500]
        assert len(shared) == len(mem) == len(BREACHED)
        assert shared.to_bytes() == mem.to_bytes() == filter_file.read_bytes()
        assert "shared=" in repr(shared) and "shared=" not in repr(mem)

    def test_small_files_default_to_memory_large_to_shared(self, filter_file, tmp_path):
        """open() with in_memory=None keeps small files in memory and shares large ones."""
        assert credkit.BreachFilter.open(filter_file).path is None
        big = tmp_path / "big.bin"
        size = write_synthetic_filter(big, segment_count=40)  # about 21 MiB
        assert size > 16 << 20
        bf = credkit.BreachFilter.open(big)
        assert bf.path == big and len(bf) == 0
        assert bf.contains_many(["a", "b"]) == credkit.BreachFilter.open(big, in_memory=True).contains_many(["a", "b"])

    def test_two_processes_get_the_same_answers(self, filter_file):
        """Two processes that open one file shared answer as the parent's in-memory filter."""
        expected = credkit.BreachFilter.open(filter_file, in_memory=True).contains_many(CANDIDATES)
        results = _run_children(_answers, [(str(filter_file), False), (str(filter_file), False)])
        assert len({pid for pid, _, _ in results}) == 2
        for _, answers, shared in results:
            assert shared
            assert answers == expected

    def test_no_copy_per_process(self, tmp_path):
        """Opening a 32 MiB filter shared grows a process's resident memory by
        far less than the file; in memory, by at least the file."""
        path = tmp_path / "large.bin"
        size = write_synthetic_filter(path, segment_count=62)  # 32 MiB
        (shared_a, shared_b, private) = _run_children(
            _rss_growth, [(str(path), False), (str(path), False), (str(path), True)]
        )[:3]
        growths = sorted([shared_a, shared_b, private])
        # The in-memory child is the one that grew by the file size.
        assert growths[2] >= size * 0.9, growths
        assert growths[0] < size * 0.15 and growths[1] < size * 0.15, (growths, size)

    def test_pickle_reopens_the_path(self, filter_file):
        """A shared filter pickles as its path (re-opened shared), one in memory as its bytes."""
        shared = credkit.BreachFilter.open(filter_file, in_memory=False)
        blob = pickle.dumps(shared)
        assert len(blob) < 1000
        again = pickle.loads(blob)
        assert again.path == filter_file
        assert again.contains_many(CANDIDATES) == shared.contains_many(CANDIDATES)
        mem = pickle.loads(pickle.dumps(credkit.BreachFilter.open(filter_file, in_memory=True)))
        assert mem.path is None and mem.contains_many(CANDIDATES) == shared.contains_many(CANDIDATES)


class TestBadFiles:
    def test_corrupt_files_refused_like_from_bytes(self, filter_file, tmp_path):
        """Truncated or altered files give the same typed error shared or in memory."""
        good = filter_file.read_bytes()
        bad = tmp_path / "bad.bin"
        cases = [good[:cut] for cut in (0, 5, 23, 40, len(good) // 2, len(good) - 1)]
        cases += [good + b"x", good[:30] + bytes([good[30] ^ 1]) + good[31:], b"not a filter at all" * 3]
        for data in cases:
            bad.write_bytes(data)
            with pytest.raises(credkit.InvalidInput) as from_bytes:
                credkit.BreachFilter.from_bytes(data)
            for in_memory in (True, False):
                with pytest.raises(credkit.InvalidInput) as opened:
                    credkit.BreachFilter.open(bad, in_memory=in_memory)
                assert opened.value.code == from_bytes.value.code == "malformed" or (
                    opened.value.code == from_bytes.value.code
                )
                assert str(opened.value) == str(from_bytes.value)

    def test_missing_file_is_oserror(self, tmp_path):
        """A missing file raises OSError whichever way it is opened."""
        for in_memory in (None, True, False):
            with pytest.raises(OSError):
                credkit.BreachFilter.open(tmp_path / "missing.bin", in_memory=in_memory)

    def test_truncated_under_a_reader_raises(self, filter_file, tmp_path):
        """A file truncated after a shared open makes lookups raise OSError, not crash."""
        path = tmp_path / "victim.bin"
        shutil.copy(filter_file, path)
        bf = credkit.BreachFilter.open(path, in_memory=False)
        assert bf.contains_many(CANDIDATES[:10]) == [True] * 10
        os.truncate(path, 100)
        with pytest.raises(OSError):
            bf.contains_many(CANDIDATES)
        with pytest.raises(OSError):
            bf.contains("breached-3")

    def test_replaced_by_rename_keeps_the_old_file(self, filter_file, tmp_path):
        """Renaming a new file over the path leaves open shared filters on the old one."""
        path = tmp_path / "live.bin"
        shutil.copy(filter_file, path)
        bf = credkit.BreachFilter.open(path, in_memory=False)
        expected = bf.contains_many(CANDIDATES)
        other = tmp_path / "other.bin"
        credkit.BreachFilter.from_passwords(["only-this"]).save(other)
        os.replace(other, path)
        assert bf.contains_many(CANDIDATES) == expected
        assert credkit.BreachFilter.open(path, in_memory=False).contains("only-this")
