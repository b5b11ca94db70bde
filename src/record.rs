//! The byte form shared by credkit's stored records: [`CodeRecord`] and
//! [`ApprovalRequest`].
//!
//! Both are a version byte, big-endian integers, fixed-size arrays and
//! length-prefixed UTF-8 fields (one length byte, 1 to 255 bytes), followed
//! by MACs. The caller stores the bytes; credkit parses them back. Parsing
//! is bounded: every read checks the bytes left, and [`Reader::finish`]
//! refuses trailing bytes. Each record keeps its own field table, version
//! and checks; only the cursor is shared.
//!
//! [`CodeRecord`]: crate::otp::CodeRecord
//! [`ApprovalRequest`]: crate::sso::ApprovalRequest

// With only one of `otp` and `sso` on, some field widths go unused.
#![cfg_attr(not(all(feature = "otp", feature = "sso")), allow(dead_code))]

/// A bounds-checked cursor over stored bytes. Every failed read returns
/// `error`, the record's own "malformed" error.
pub(crate) struct Reader<'a, E> {
    rest: &'a [u8],
    error: E,
}

impl<'a, E: Copy> Reader<'a, E> {
    pub(crate) fn new(bytes: &'a [u8], error: E) -> Self {
        Reader { rest: bytes, error }
    }

    /// The next `n` bytes.
    pub(crate) fn bytes(&mut self, n: usize) -> Result<&'a [u8], E> {
        let (head, rest) = self.rest.split_at_checked(n).ok_or(self.error)?;
        self.rest = rest;
        Ok(head)
    }

    /// The next `N` bytes as an array.
    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], E> {
        self.bytes(N)?.try_into().map_err(|_| self.error)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, E> {
        Ok(self.array::<1>()?[0])
    }

    pub(crate) fn u16(&mut self) -> Result<u16, E> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    pub(crate) fn u32(&mut self) -> Result<u32, E> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    pub(crate) fn u64(&mut self) -> Result<u64, E> {
        Ok(u64::from_be_bytes(self.array()?))
    }

    /// A field written by [`Writer::short_str`]: one length byte, then
    /// 1..=255 bytes of UTF-8. An empty field is refused.
    pub(crate) fn short_str(&mut self) -> Result<String, E> {
        let len = self.u8()?;
        let head = self.bytes(usize::from(len))?;
        if head.is_empty() {
            return Err(self.error);
        }
        let s = core::str::from_utf8(head).map_err(|_| self.error)?;
        Ok(s.to_owned())
    }

    /// Ends the parse: trailing bytes are an error.
    pub(crate) fn finish(self) -> Result<(), E> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(self.error)
        }
    }
}

/// Writes a record's byte form; the inverse of [`Reader`].
pub(crate) struct Writer(Vec<u8>);

impl Writer {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Writer(Vec::with_capacity(capacity))
    }

    pub(crate) fn u8(&mut self, value: u8) -> &mut Self {
        self.0.push(value);
        self
    }

    pub(crate) fn u16(&mut self, value: u16) -> &mut Self {
        self.bytes(&value.to_be_bytes())
    }

    pub(crate) fn u32(&mut self, value: u32) -> &mut Self {
        self.bytes(&value.to_be_bytes())
    }

    pub(crate) fn u64(&mut self, value: u64) -> &mut Self {
        self.bytes(&value.to_be_bytes())
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.extend_from_slice(bytes);
        self
    }

    /// One length byte, then the bytes of `s`.
    ///
    /// The caller's invariant keeps `s` within 1..=255 bytes; a longer `s`
    /// would not round-trip, so its length byte saturates and the record's
    /// own parse refuses it.
    pub(crate) fn short_str(&mut self, s: &str) -> &mut Self {
        self.u8(u8::try_from(s.len()).unwrap_or(u8::MAX))
            .bytes(s.as_bytes())
    }

    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::{Reader, Writer};

    #[derive(Clone, Copy, Debug, PartialEq)]
    struct Bad;

    #[test]
    fn round_trip() {
        let mut w = Writer::with_capacity(64);
        w.u8(1)
            .u16(0x0203)
            .u32(0x0405_0607)
            .u64(u64::MAX - 1)
            .bytes(&[9; 3])
            .short_str("añ");
        let bytes = w.into_bytes();
        let mut r = Reader::new(&bytes, Bad);
        assert_eq!(r.u8(), Ok(1));
        assert_eq!(r.u16(), Ok(0x0203));
        assert_eq!(r.u32(), Ok(0x0405_0607));
        assert_eq!(r.u64(), Ok(u64::MAX - 1));
        assert_eq!(r.array::<3>(), Ok([9; 3]));
        assert_eq!(r.short_str().as_deref(), Ok("añ"));
        assert_eq!(r.finish(), Ok(()));
    }

    #[test]
    fn refuses_short_empty_invalid_and_trailing() {
        assert_eq!(Reader::new(&[0, 1, 2], Bad).u32(), Err(Bad));
        assert_eq!(Reader::new(&[3, b'a'], Bad).short_str(), Err(Bad));
        assert_eq!(Reader::new(&[0], Bad).short_str(), Err(Bad));
        assert_eq!(Reader::new(&[1, 0xff], Bad).short_str(), Err(Bad));
        let mut r = Reader::new(&[1, 2], Bad);
        assert_eq!(r.u8(), Ok(1));
        assert_eq!(r.finish(), Err(Bad));
    }
}
