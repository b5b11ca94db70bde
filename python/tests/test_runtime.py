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


def _signed_rows(n: int) -> list[tuple[bytes, bytes, bytes]]:
    sk = credkit.SigningKey.from_bytes(bytes(32))
    pk = sk.verifying_key.to_bytes()
    msgs = [b"m%d" % i for i in range(n)]
    return [(pk, m, s) for m, s in zip(msgs, credkit.sign_batch(sk, msgs))]


class TestBatchCalls:
    def test_ctrl_c_interrupts_hash_many(self):
        """SIGINT during a long hash_many raises KeyboardInterrupt within a second."""
        import signal

        h = credkit.PasswordHasher(memory_kib=4096, iterations=2, parallelism=1)
        timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
        started = time.monotonic()
        timer.start()
        try:
            with pytest.raises(KeyboardInterrupt):
                h.hash_many(["pw"] * 5000)  # about a minute of work
        finally:
            timer.cancel()
        assert time.monotonic() - started < 1.5

    def test_progress_reports_every_chunk(self):
        """progress(done, total) is called with rising counts ending at the total."""
        h = credkit.PasswordHasher(**FAST)
        seen: list[tuple[int, int]] = []
        hashes = h.hash_many(["a"] * 300, progress=lambda d, t: seen.append((d, t)))
        assert len(hashes) == 300
        assert seen and seen[-1] == (300, 300)
        assert [d for d, _ in seen] == sorted({d for d, _ in seen})
        assert all(t == 300 for _, t in seen)
        seen.clear()
        assert h.verify_many([(p, "a") for p in hashes], progress=lambda d, t: seen.append((d, t))) == [True] * 300
        assert seen[-1] == (300, 300)
        rows = _signed_rows(100)
        seen.clear()
        assert credkit.verify_batch(rows, progress=lambda d, t: seen.append((d, t))) == [True] * 100
        assert seen[-1] == (100, 100)

    def test_progress_exception_ends_the_batch(self):
        """An exception raised by the progress callback propagates."""

        def stop(done: int, total: int) -> None:
            raise RuntimeError("stop here")

        with pytest.raises(RuntimeError, match="stop here"):
            credkit.PasswordHasher(**FAST).hash_many(["a"] * 10, progress=stop)

    def test_hash_many_names_the_failing_item(self):
        """An over-long or wrongly typed password is reported with its index."""
        h = credkit.PasswordHasher(**FAST, max_password_bytes=8)
        with pytest.raises(credkit.InvalidInput, match=r"passwords\[2\]") as e:
            h.hash_many(["a", "b", "x" * 9, "c"])
        assert e.value.code == "too_large"
        with pytest.raises(TypeError, match=r"passwords\[1\]"):
            h.hash_many(["a", 5])

    def test_issue_many_names_the_failing_request(self):
        """A bad request is reported with its index, keeping its code."""
        iss = credkit.CredentialIssuer(credkit.SigningKey.generate(), key_id="k", issuer="i")
        good = {"subject": "1", "valid_for": 60}
        with pytest.raises(credkit.InvalidInput, match=r"request 1: ") as e:
            iss.issue_many([good, {"subject": "2", "valid_for": -1}, good])
        assert e.value.code == "out_of_range"
        with pytest.raises(credkit.InvalidInput, match=r"request 2: "):
            iss.issue_many([good, good, {"valid_for": 60}])
        with pytest.raises(credkit.InvalidInput, match=r"request 0: "):
            iss.issue_many(["not a dict"])

    @pytest.mark.parametrize("row", [(b"k", b"m"), "abc", [b"k", b"m", b"s", b"x"], None])
    def test_verify_batch_malformed_row_raises(self, row):
        """A row that is not a (key, message, signature) triple raises InvalidInput naming it."""
        rows: list = _signed_rows(3)
        rows.insert(2, row)
        with pytest.raises(credkit.InvalidInput, match=r"items\[2\]"):
            credkit.verify_batch(rows)

    def test_verify_batch_accepts_list_rows(self):
        """Rows as lists (DataFrame.values.tolist()) verify like tuples."""
        rows = _signed_rows(5)
        assert credkit.verify_batch([list(r) for r in rows]) == [True] * 5

    def test_verify_batch_columns(self):
        """keys=, messages=, signatures= columns give one bool per row."""
        rows = _signed_rows(6)
        keys, msgs, sigs = (list(c) for c in zip(*rows))
        sigs[4] = bytes(64)
        assert credkit.verify_batch(keys=keys, messages=msgs, signatures=sigs) == [
            True, True, True, True, False, True,
        ]
        with pytest.raises(credkit.InvalidInput, match="length"):
            credkit.verify_batch(keys=keys, messages=msgs, signatures=sigs[:5])
        with pytest.raises(credkit.InvalidInput):
            credkit.verify_batch(rows, keys=keys, messages=msgs, signatures=sigs)

    @pytest.mark.parametrize("pair", [("$argon2id$x",), "ab", None, ("a", "b", "c")])
    def test_password_verify_many_malformed_pair_raises(self, pair):
        """An item that is not a (hash, password) pair raises InvalidInput naming it."""
        h = credkit.PasswordHasher(**FAST)
        phc = h.hash("a")
        with pytest.raises(credkit.InvalidInput, match=r"pairs\[1\]"):
            h.verify_many([(phc, "a"), pair])
        assert h.verify_many([[phc, "a"]]) == [True]
