"""credkit in production processes: fork safety, the worker pool's size,
calls from several threads, and releasing Argon2 memory."""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
import threading
import time

import pytest

import credkit

# Small Argon2 parameters: these tests are about threads, not hashing cost.
FAST = dict(memory_kib=64, iterations=1, parallelism=1)
FAST_LANES = dict(memory_kib=256, iterations=1, parallelism=4)

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="fork and /proc are Linux-specific"
)


def _batches() -> bool:
    """Runs each kind of batch call once; True if all gave the right answer."""
    h = credkit.PasswordHasher(**FAST)
    hashes = h.hash_many([f"pw{i}" for i in range(16)])
    ok = h.verify_many([(p, f"pw{i}") for i, p in enumerate(hashes)]) == [True] * 16
    lanes = credkit.PasswordHasher(**FAST_LANES)
    ok &= lanes.verify(lanes.hash("pw"), "pw")
    sk = credkit.SigningKey.from_bytes(bytes(range(32)))
    msgs = [b"m%d" % i for i in range(64)]
    sigs = credkit.sign_batch(sk, msgs)
    pk = sk.verifying_key.to_bytes()
    ok &= credkit.verify_batch([(pk, m, s) for m, s in zip(msgs, sigs)]) == [True] * 64
    return bool(ok)


def _wait_child(pid: int, timeout: float) -> int:
    """The exit status of child `pid`, killing it if it outlives `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    pytest.fail(f"forked child still running after {timeout} s: it hung")


def _child_batches(_: int) -> bool:
    return _batches()


def _credkit_threads() -> list[str]:
    names = []
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/comm") as f:
                names.append(f.read().strip())
        except OSError:  # the thread exited while we looked
            pass
    return [n for n in names if re.fullmatch(r"credkit-\d+", n)]


@pytest.fixture
def restore_threads():
    before = credkit.get_num_threads()
    yield
    credkit.set_num_threads(before)


class TestFork:
    def test_os_fork_after_batches(self):
        """A child forked after every kind of batch call runs them again and exits."""
        assert _batches()
        pid = os.fork()
        if pid == 0:  # child: never return into pytest
            try:
                code = 0 if _batches() else 1
            except BaseException:
                code = 2
            os._exit(code)
        assert _wait_child(pid, timeout=60) == 0

    def test_fork_while_another_thread_runs_a_batch(self):
        """A fork taken while a batch runs in another thread leaves a working child."""
        h = credkit.PasswordHasher(memory_kib=1024, iterations=1, parallelism=1)
        worker = threading.Thread(target=h.hash_many, args=(["x"] * 400,))
        worker.start()
        time.sleep(0.05)
        pid = os.fork()
        if pid == 0:
            try:
                code = 0 if _batches() else 1
            except BaseException:
                code = 2
            os._exit(code)
        worker.join()
        assert _wait_child(pid, timeout=60) == 0

    def test_multiprocessing_fork_pool(self):
        """multiprocessing's fork start method (gunicorn/Celery prefork) works after a batch."""
        assert _batches()
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(2) as pool:
            results = pool.map_async(_child_batches, range(4)).get(timeout=60)
        assert results == [True] * 4


class TestThreads:
    def test_set_num_threads_limits_pool_threads(self, restore_threads):
        """After set_num_threads(n), a batch runs on exactly n credkit threads."""
        h = credkit.PasswordHasher(**FAST)
        for n in (1, 3):
            credkit.set_num_threads(n)
            assert credkit.get_num_threads() == n
            h.hash_many(["a"] * 32)
            deadline = time.monotonic() + 5
            # The old pool's threads exit asynchronously.
            while len(_credkit_threads()) != n and time.monotonic() < deadline:
                time.sleep(0.02)
            assert len(_credkit_threads()) == n

    @pytest.mark.parametrize("bad", [0, -1, 2**64])
    def test_bad_thread_count_is_invalid_input(self, bad):
        """A thread count that is zero, negative or huge raises InvalidInput."""
        with pytest.raises(credkit.InvalidInput) as e:
            credkit.set_num_threads(bad)
        assert e.value.code == "out_of_range"

    def test_environment_variable_sets_the_default(self):
        """CREDKIT_NUM_THREADS sizes the pool of a new process."""
        import subprocess

        out = subprocess.run(
            [sys.executable, "-c", "import credkit; print(credkit.get_num_threads())"],
            env={**os.environ, "CREDKIT_NUM_THREADS": "3"},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert out.stdout.strip() == "3"

    def test_short_call_does_not_queue_behind_a_busy_pool(self):
        """A one-item batch from a second thread finishes while a long batch holds the pool."""
        slow = credkit.PasswordHasher(memory_kib=8192, iterations=3, parallelism=1)
        long_batch = threading.Thread(target=slow.hash_many, args=(["x"] * 200,))
        long_batch.start()
        try:
            time.sleep(0.3)
            assert long_batch.is_alive()
            started = time.monotonic()
            [phc] = slow.hash_many(["y"])
            elapsed = time.monotonic() - started
            assert long_batch.is_alive(), "the long batch ended first: test too fast"
            assert slow.verify(phc, "y")
            assert elapsed < 2.0
        finally:
            long_batch.join()


class TestReleaseMemory:
    def test_frees_every_threads_arena(self):
        """release_memory frees the arenas of the pool threads and the caller, then hashing still works."""
        h = credkit.PasswordHasher(memory_kib=4096, iterations=1, parallelism=1)
        h.hash_many(["a"] * 8)
        h.hash("b")
        freed = credkit.release_memory()
        assert freed >= 4096 * 1024 * 2  # the caller's and at least one pool thread's
        assert credkit.release_memory() == 0
        assert h.verify(h.hash("c"), "c")
