"""Columns given as pyarrow arrays, chunked arrays, numpy arrays and pandas
Series: read through the Arrow C data interface (no Python object per row)
and answering exactly as the same column given as a list."""

import struct

import pytest

import credkit

pa = pytest.importorskip("pyarrow")
np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

TEXT_TYPES = [pa.string(), pa.large_string(), pa.string_view()]
BINARY_TYPES = [pa.binary(), pa.large_binary(), pa.binary_view()]
ALL_TYPES = TEXT_TYPES + BINARY_TYPES

PASSWORDS = ["password1", "Tz9!kqLm#2", "qwerty123", "", "ü" * 20, "a-longer-one-past-12-bytes"]


def _arrow(values, ty):
    """values as an Arrow array of type ty (bytes for binary types)."""
    if ty in BINARY_TYPES or pa.types.is_fixed_size_binary(ty):
        values = [v.encode() if isinstance(v, str) else v for v in values]
    return pa.array(values, type=ty)


def _shapes(array):
    """The same rows as a plain array, a slice with offset != 0 of a longer
    one, and a chunked array of three chunks (one empty)."""
    padded = pa.concat_arrays([_arrow(["pad", "pad"], array.type), array])
    yield "array", array
    yield "sliced", padded.slice(2)
    n = len(array) // 2
    yield "chunked", pa.chunked_array([array.slice(0, n), array.slice(0, 0), array.slice(n)], type=array.type)


def _signed_rows(n):
    sk = credkit.SigningKey.generate()
    pk = sk.verifying_key.to_bytes()
    msgs = [b"message %d" % i for i in range(n)]
    sigs = credkit.sign_batch(sk, msgs)
    return sk, pk, msgs, sigs


class TestBreachFilter:
    def test_every_type_and_shape_answers_as_the_list(self):
        """contains_many on every Arrow binary/string type and shape equals the list answer."""
        bf = credkit.BreachFilter.from_passwords(["password1", "qwerty123", "a-longer-one-past-12-bytes"])
        expected = bf.contains_many(PASSWORDS)
        assert expected == [True, False, True, False, False, True]
        for ty in ALL_TYPES:
            for shape, column in _shapes(_arrow(PASSWORDS, ty)):
                assert bf.contains_many(column) == expected, (ty, shape)

    def test_fixed_size_binary(self):
        """A fixed_size_binary column is read as its bytes."""
        bf = credkit.BreachFilter.from_passwords(["abcd"])
        column = pa.array([b"abcd", b"abce", b"abcd"], type=pa.binary(4))
        assert bf.contains_many(column) == [True, False, True]
        assert bf.contains_many(column.slice(1)) == [False, True]

    def test_null_is_treated_as_none(self):
        """A null row raises exactly as None does in a list, naming its index."""
        bf = credkit.BreachFilter.from_passwords(["x"])
        with pytest.raises(TypeError, match=r"passwords\[1\]") as from_list:
            bf.contains_many(["x", None])
        for ty in ALL_TYPES:
            column = pa.array(["x", None, "y"], type=ty) if ty in TEXT_TYPES else pa.array([b"x", None, b"y"], type=ty)
            for shape, c in _shapes(column):
                with pytest.raises(TypeError, match=r"passwords\[1\]") as from_arrow:
                    bf.contains_many(c)
                assert str(from_arrow.value) == str(from_list.value), (ty, shape)

    def test_wrong_type_names_the_column(self):
        """A column of another Arrow type raises InvalidInput naming the column."""
        bf = credkit.BreachFilter.from_passwords(["x"])
        for column in (pa.array([1, 2]), pa.array([[b"a"]]), pa.array(["a", "b"]).dictionary_encode()):
            with pytest.raises(credkit.InvalidInput, match="passwords must be an Arrow") as e:
                bf.contains_many(column)
            assert e.value.code == "unsupported"

    def test_binary_rows_must_be_utf8(self):
        """A binary row that is not UTF-8 raises InvalidInput naming its index, like bytes in a list."""
        bf = credkit.BreachFilter.from_passwords(["x"])
        with pytest.raises(credkit.InvalidInput, match=r"passwords\[1\]"):
            bf.contains_many(pa.array([b"x", b"\xff"]))
        with pytest.raises(credkit.InvalidInput, match=r"passwords\[1\]"):
            bf.contains_many([b"x", b"\xff"])

    def test_malformed_arrays_are_refused(self):
        """Arrays pyarrow builds without checking (decreasing offsets, a view
        past its buffer) raise InvalidInput instead of reading out of bounds."""
        bf = credkit.BreachFilter.from_passwords(["x"])
        offsets = np.array([0, 3, 2], dtype=np.int32).tobytes()
        bad = pa.Array.from_buffers(pa.binary(), 2, [None, pa.py_buffer(offsets), pa.py_buffer(b"abcde")])
        with pytest.raises(credkit.InvalidInput, match="decreasing offsets"):
            bf.contains_many(bad)
        view = struct.pack("<iiii", 20, 0, 0, 0)  # 20 bytes at offset 0 of a 3-byte buffer
        bad = pa.Array.from_buffers(pa.binary_view(), 1, [None, pa.py_buffer(view), pa.py_buffer(b"abc")])
        with pytest.raises(credkit.InvalidInput, match="outside its buffers"):
            bf.contains_many(bad)
        view = struct.pack("<iiii", 20, 0, 7, 0)  # data buffer 7 does not exist
        bad = pa.Array.from_buffers(pa.binary_view(), 1, [None, pa.py_buffer(view), pa.py_buffer(b"a" * 40)])
        with pytest.raises(credkit.InvalidInput, match="outside its buffers"):
            bf.contains_many(bad)

    def test_pandas_and_numpy(self):
        """pandas Series (object and pyarrow-backed) and numpy object arrays work."""
        bf = credkit.BreachFilter.from_passwords(["password1"])
        expected = [True, False]
        assert bf.contains_many(np.array(["password1", "x"], dtype=object)) == expected
        assert bf.contains_many(pd.Series(["password1", "x"])) == expected
        assert bf.contains_many(pd.Series(["password1", "x"], dtype="string[pyarrow]")) == expected

    def test_other_arrow_producers(self):
        """Any object with __arrow_c_stream__ (not only pyarrow's classes) is read as Arrow."""
        bf = credkit.BreachFilter.from_passwords(["password1"])

        class Stream:
            def __init__(self, array):
                self.array = array

            def __arrow_c_stream__(self, requested_schema=None):
                return pa.chunked_array([self.array]).__arrow_c_stream__(requested_schema)

            def __iter__(self):
                raise AssertionError("iterated instead of read through the C stream interface")

        assert bf.contains_many(Stream(pa.array(["password1", "x"]))) == [True, False]


class TestVerifyBatch:
    def test_columns_of_every_type_answer_as_lists(self):
        """verify_batch(keys=, messages=, signatures=) over Arrow columns equals the list answer."""
        _, pk, msgs, sigs = _signed_rows(6)
        sigs[2] = bytes(64)  # a bad signature
        msgs[4] = b"tampered"
        keys = [pk] * 6
        keys[5] = b"short"  # a wrong-length key is False, not an error
        expected = credkit.verify_batch(keys=keys, messages=msgs, signatures=sigs)
        assert expected == [True, True, False, True, False, False]
        for kty in (pa.binary(), pa.large_binary(), pa.binary_view()):
            for mty in ALL_TYPES:
                k = _arrow(keys, kty)
                m = pa.array([x.decode() for x in msgs], type=mty) if mty in TEXT_TYPES else _arrow(msgs, mty)
                s = _arrow(sigs, kty)
                for (_, kc), (_, mc), (_, sc) in zip(_shapes(k), _shapes(m), _shapes(s)):
                    got = credkit.verify_batch(keys=kc, messages=mc, signatures=sc)
                    assert got == expected, (kty, mty)

    def test_fixed_size_binary_keys_and_signatures(self):
        """Keys as fixed_size_binary(32) and signatures as fixed_size_binary(64) work."""
        _, pk, msgs, sigs = _signed_rows(4)
        sigs[1] = bytes(64)
        got = credkit.verify_batch(
            keys=pa.array([pk] * 4, type=pa.binary(32)),
            messages=pa.array(msgs),
            signatures=pa.array(sigs, type=pa.binary(64)),
        )
        assert got == [True, False, True, True]

    def test_nulls_are_false_like_none(self):
        """A null key, message or signature makes its row False, as None does in a list."""
        _, pk, msgs, sigs = _signed_rows(3)
        keys = [pk, None, pk]
        msgs = [msgs[0], msgs[1], None]
        assert credkit.verify_batch(keys=keys, messages=msgs, signatures=sigs) == [True, False, False]
        got = credkit.verify_batch(
            keys=pa.array(keys, type=pa.binary(32)), messages=pa.array(msgs), signatures=pa.array(sigs)
        )
        assert got == [True, False, False]

    def test_string_keys_are_false_like_str(self):
        """A string-typed key column is False per row, as str keys are in a list."""
        _, pk, msgs, sigs = _signed_rows(2)
        text_keys = [pk.hex()] * 2
        assert credkit.verify_batch(keys=text_keys, messages=msgs, signatures=sigs) == [False, False]
        assert credkit.verify_batch(keys=pa.array(text_keys), messages=msgs, signatures=sigs) == [False, False]

    def test_mixed_inputs_and_length_mismatch(self):
        """Arrow, list and numpy columns mix; columns of different lengths raise InvalidInput."""
        _, pk, msgs, sigs = _signed_rows(3)
        got = credkit.verify_batch(
            keys=np.array([pk] * 3, dtype=object), messages=pa.array(msgs), signatures=pd.Series(sigs)
        )
        assert got == [True] * 3
        with pytest.raises(credkit.InvalidInput, match="differ in length"):
            credkit.verify_batch(keys=pa.array([pk] * 2), messages=msgs, signatures=sigs)

    def test_wrong_type_names_the_column(self):
        """An integer column raises InvalidInput naming it."""
        _, pk, msgs, sigs = _signed_rows(2)
        with pytest.raises(credkit.InvalidInput, match="signatures must be an Arrow"):
            credkit.verify_batch(keys=[pk] * 2, messages=msgs, signatures=pa.array([1, 2]))

    def test_sign_batch_reads_arrow_messages(self):
        """sign_batch over an Arrow column signs the same bytes as over a list."""
        sk, _, msgs, _ = _signed_rows(0)
        msgs = ["m%d" % i for i in range(5)]
        for ty in ALL_TYPES:
            assert credkit.sign_batch(sk, _arrow(msgs, ty)) == credkit.sign_batch(sk, msgs), ty


class TestCredentials:
    def test_check_many_and_verify_many(self):
        """check_many/verify_many over Arrow columns equal the list answers."""
        sk = credkit.SigningKey.generate()
        iss = credkit.CredentialIssuer(sk, key_id="k", issuer="i")
        ver = credkit.CredentialVerifier({"k": sk.verifying_key})
        good = iss.issue(subject="1", valid_for=60, now=1000)
        qrs = [good, "CK1:not base45!", good[:-3], good]
        expected = ver.check_many(qrs, now=1010)
        assert expected[0] == expected[3] == "valid"
        for ty in ALL_TYPES:
            for shape, column in _shapes(_arrow(qrs, ty)):
                assert ver.check_many(column, now=1010) == expected, (ty, shape)
                got = [c.subject if isinstance(c, credkit.Credential) else c.code for c in ver.verify_many(column, now=1010)]
                assert got == ["1", expected[1], expected[2], "1"]
        for column in ([good, None], pa.array([good, None])):
            with pytest.raises(credkit.InvalidInput, match=r"qrs\[1\]"):
                ver.check_many(column, now=1010)


class TestPasswordHasher:
    def test_hash_and_password_columns(self):
        """verify_many(hashes=, passwords=) over Arrow columns equals the pairs answer."""
        h = credkit.PasswordHasher(memory_kib=8, iterations=1)
        try:
            h.verify_many(hashes=[], passwords=[])
        except TypeError:
            pytest.skip("PasswordHasher.verify_many(hashes=, passwords=) comes with the pyapi branch")
        phcs = h.hash_many(["a", "b"])
        hashes = [phcs[0], phcs[1], phcs[0], "not a hash"]
        passwords = ["a", "b", "wrong", "a"]
        expected = h.verify_many(list(zip(hashes, passwords)))
        assert expected == [True, True, False, False]
        assert h.verify_many(hashes=hashes, passwords=passwords) == expected
        for hty in TEXT_TYPES + BINARY_TYPES:
            for pty in ALL_TYPES:
                got = h.verify_many(hashes=_arrow(hashes, hty), passwords=_arrow(passwords, pty))
                assert got == expected, (hty, pty)
        with pytest.raises(credkit.InvalidInput, match="differ in length"):
            h.verify_many(hashes=hashes, passwords=passwords[:2])
        with pytest.raises(credkit.InvalidInput, match="either pairs"):
            h.verify_many(hashes=hashes)
        with pytest.raises(TypeError, match=r"passwords\[1\]"):
            h.verify_many(hashes=pa.array(hashes[:2]), passwords=pa.array(["a", None]))
