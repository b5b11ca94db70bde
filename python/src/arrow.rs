//! Columns of binary or string rows read through the Arrow C data interface
//! (the PyCapsule protocol: `__arrow_c_array__`, `__arrow_c_stream__`), so
//! that a pyarrow, polars or nanoarrow column of a million rows costs no
//! Python object per row: rows are slices of the producer's buffers.
//!
//! # Why a reader of our own
//!
//! `pyo3-arrow` would bring arrow-rs (arrow-array, -buffer, -cast, -data,
//! -schema, -select, chrono-tz, the numpy crate): minutes of compile time on
//! every clean build and megabytes of wheel, for the one thing credkit
//! needs, reading variable-length byte rows. Its default `buffer_protocol`
//! feature also needs the full (non-abi3) API below Python 3.11. This
//! module reads only the layouts credkit takes (binary, large binary,
//! string, large string, binary view, string view, fixed-size binary), in
//! a few hundred lines.
//!
//! # Where the unsafe code is, and what keeps it sound
//!
//! This is the only module of the bindings that may use `unsafe`
//! (`unsafe_code` is denied everywhere else). It is needed in three
//! places, each with a `SAFETY` comment:
//! - moving the C structs out of their capsules (the protocol's documented
//!   way: copy the struct, then mark the capsule's copy released);
//! - calling the producer's `release`, `get_schema` and `get_next`
//!   callbacks;
//! - turning the producer's buffer pointers into slices, once, at import.
//!
//! The C data interface carries no buffer sizes: they follow from the
//! layout (`offset + length` rows, offsets one longer, data as long as the
//! last offset, view buffers as long as the trailing sizes buffer says).
//! The import checks everything that can be checked before any slice is
//! made: non-negative lengths and offsets, no overflow, the buffer count
//! for the format, non-null pointers for non-empty buffers, alignment of
//! offset buffers, offsets that start at zero or more and never decrease,
//! and every view inside its data buffer. After that every row is read with
//! checked indexing, so a malformed array is a typed error, never a read
//! out of bounds that the checks could have caught. What the interface
//! cannot tell (that a data buffer really is as long as its last offset
//! says) is trusted, as every consumer, pyarrow included, trusts it;
//! pyarrow itself checks it when an array is built from raw buffers.
//!
//! The slices borrow memory the producer owns until `release` is called;
//! each [`Chunk`] keeps its [`OwnedArray`] and releases it when dropped, and
//! hands out slices only for as long as it is borrowed. Release happens on
//! the thread that imported the column, which holds the GIL (the column is
//! dropped at the end of the binding's call), as pyarrow's release callback
//! expects.

#![allow(unsafe_code)]
#![warn(clippy::undocumented_unsafe_blocks)]

use std::ffi::{CStr, c_char, c_int, c_void};

use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods};

use crate::errors::{invalid_input, invalid_input_coded};

/// `struct ArrowSchema` of the C data interface.
#[repr(C)]
struct FfiSchema {
    format: *const c_char,
    name: *const c_char,
    metadata: *const c_char,
    flags: i64,
    n_children: i64,
    children: *mut *mut FfiSchema,
    dictionary: *mut FfiSchema,
    release: Option<unsafe extern "C" fn(*mut FfiSchema)>,
    private_data: *mut c_void,
}

/// `struct ArrowArray` of the C data interface.
#[repr(C)]
struct FfiArray {
    length: i64,
    null_count: i64,
    offset: i64,
    n_buffers: i64,
    n_children: i64,
    buffers: *mut *const c_void,
    children: *mut *mut FfiArray,
    dictionary: *mut FfiArray,
    release: Option<unsafe extern "C" fn(*mut FfiArray)>,
    private_data: *mut c_void,
}

/// `struct ArrowArrayStream` of the C stream interface.
#[repr(C)]
struct FfiStream {
    get_schema: Option<unsafe extern "C" fn(*mut FfiStream, *mut FfiSchema) -> c_int>,
    get_next: Option<unsafe extern "C" fn(*mut FfiStream, *mut FfiArray) -> c_int>,
    get_last_error: Option<unsafe extern "C" fn(*mut FfiStream) -> *const c_char>,
    release: Option<unsafe extern "C" fn(*mut FfiStream)>,
    private_data: *mut c_void,
}

impl FfiSchema {
    fn empty() -> Self {
        FfiSchema {
            format: std::ptr::null(),
            name: std::ptr::null(),
            metadata: std::ptr::null(),
            flags: 0,
            n_children: 0,
            children: std::ptr::null_mut(),
            dictionary: std::ptr::null_mut(),
            release: None,
            private_data: std::ptr::null_mut(),
        }
    }
}

impl FfiArray {
    fn empty() -> Self {
        FfiArray {
            length: 0,
            null_count: 0,
            offset: 0,
            n_buffers: 0,
            n_children: 0,
            buffers: std::ptr::null_mut(),
            children: std::ptr::null_mut(),
            dictionary: std::ptr::null_mut(),
            release: None,
            private_data: std::ptr::null_mut(),
        }
    }
}

/// A schema we own: released when dropped.
struct OwnedSchema(FfiSchema);

impl Drop for OwnedSchema {
    fn drop(&mut self) {
        if let Some(release) = self.0.release {
            // SAFETY: we own this struct (moved out of its capsule or filled
            // by `get_schema`) and release it exactly once; the producer's
            // callback sets `release` to null.
            unsafe { release(&mut self.0) };
        }
    }
}

/// An array we own, boxed so that its address stays put: released when
/// dropped.
struct OwnedArray(Box<FfiArray>);

impl Drop for OwnedArray {
    fn drop(&mut self) {
        if let Some(release) = self.0.release {
            // SAFETY: as for `OwnedSchema`: owned, released once.
            unsafe { release(&mut *self.0) };
        }
    }
}

/// A stream we own: released when dropped.
struct OwnedStream(FfiStream);

impl Drop for OwnedStream {
    fn drop(&mut self) {
        if let Some(release) = self.0.release {
            // SAFETY: as for `OwnedSchema`: owned, released once.
            unsafe { release(&mut self.0) };
        }
    }
}

/// The row layouts this reader takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// `z` binary and `u` string: 32-bit offsets.
    Offsets32,
    /// `Z` large binary and `U` large string: 64-bit offsets.
    Offsets64,
    /// `vz` binary view and `vu` string view.
    Views,
    /// `w:N` fixed-size binary of N bytes.
    Fixed(usize),
}

/// A column's Arrow type: its layout and whether its rows are UTF-8 text.
#[derive(Clone, Copy, Debug)]
struct DataType {
    layout: Layout,
    text: bool,
}

impl DataType {
    fn parse(format: &str) -> Option<Self> {
        let (layout, text) = match format {
            "z" => (Layout::Offsets32, false),
            "u" => (Layout::Offsets32, true),
            "Z" => (Layout::Offsets64, false),
            "U" => (Layout::Offsets64, true),
            "vz" => (Layout::Views, false),
            "vu" => (Layout::Views, true),
            _ => {
                let width = format.strip_prefix("w:")?.parse::<usize>().ok()?;
                (Layout::Fixed(width), false)
            }
        };
        Some(DataType { layout, text })
    }
}

/// Reads a schema's type, refusing anything but the layouts above.
fn data_type(schema: &OwnedSchema, column: &str) -> PyResult<DataType> {
    if schema.0.format.is_null() {
        return Err(invalid_input(format!(
            "{column}: the Arrow schema has no format"
        )));
    }
    // SAFETY: a non-null `format` is a NUL-terminated string owned by the
    // schema, which lives until `schema` is dropped, after this borrow.
    let format = unsafe { CStr::from_ptr(schema.0.format) }.to_string_lossy();
    let parsed = DataType::parse(&format).filter(|_| schema.0.dictionary.is_null());
    parsed.ok_or_else(|| {
        let what = if schema.0.dictionary.is_null() {
            format!("Arrow type {format:?}")
        } else {
            "a dictionary-encoded Arrow column".to_owned()
        };
        invalid_input_coded(
            credkit::ErrorCode::Unsupported,
            format!(
                "{column} must be an Arrow binary, large_binary, string, large_string, \
             binary_view, string_view or fixed_size_binary column, not {what}"
            ),
        )
    })
}

/// The values of one chunk, as slices checked at import.
enum Values {
    /// `offsets` holds the chunk's `len + 1` offsets (already shifted by
    /// the array's offset); `data` is as long as the last one.
    Offsets32 {
        offsets: &'static [i32],
        data: &'static [u8],
    },
    Offsets64 {
        offsets: &'static [i64],
        data: &'static [u8],
    },
    /// `data` holds `len * width` bytes, the chunk's rows.
    Fixed { width: usize, data: &'static [u8] },
    /// `views` holds the chunk's `len` 16-byte views; every view of a valid
    /// row was checked against `buffers`.
    Views {
        views: &'static [[u8; 16]],
        buffers: Vec<&'static [u8]>,
    },
}

/// One imported array: its rows as slices of the producer's buffers.
///
/// Invariant: the `'static` slices in `values` and `validity` point into
/// buffers that `_owner` keeps alive; they are only handed out borrowed
/// from `&self`, so they never outlive it. Fields drop in order: the slices
/// (no-op) before `_owner` releases the buffers.
struct Chunk {
    len: usize,
    /// The validity bitmap and the bit of row 0, or `None` if every row is
    /// valid.
    validity: Option<(&'static [u8], usize)>,
    values: Values,
    _owner: OwnedArray,
}

impl Chunk {
    fn is_valid(&self, i: usize) -> bool {
        match self.validity {
            None => true,
            Some((bits, first)) => {
                let bit = first + i;
                bits.get(bit / 8).is_some_and(|b| b & (1 << (bit % 8)) != 0)
            }
        }
    }

    /// Row `i`: `Some(None)` for a null row, `None` past the end or if a
    /// bound check fails (which the import's checks rule out).
    fn row(&self, i: usize) -> Option<Option<&[u8]>> {
        if i >= self.len {
            return None;
        }
        if !self.is_valid(i) {
            return Some(None);
        }
        let bytes = match &self.values {
            Values::Offsets32 { offsets, data } => {
                let start = usize::try_from(*offsets.get(i)?).ok()?;
                let end = usize::try_from(*offsets.get(i + 1)?).ok()?;
                data.get(start..end)?
            }
            Values::Offsets64 { offsets, data } => {
                let start = usize::try_from(*offsets.get(i)?).ok()?;
                let end = usize::try_from(*offsets.get(i + 1)?).ok()?;
                data.get(start..end)?
            }
            Values::Fixed { width, data } => data.get(i * width..(i + 1) * width)?,
            Values::Views { views, buffers } => view_bytes(views.get(i)?, buffers)?,
        };
        Some(Some(bytes))
    }
}

/// The bytes a 16-byte view refers to: inline (12 bytes or fewer) or in one
/// of `buffers`.
fn view_bytes<'a>(view: &'a [u8; 16], buffers: &[&'a [u8]]) -> Option<&'a [u8]> {
    let word = |at: usize| i32::from_le_bytes([view[at], view[at + 1], view[at + 2], view[at + 3]]);
    let len = usize::try_from(word(0)).ok()?;
    if len <= 12 {
        return view.get(4..4 + len);
    }
    let buffer = buffers.get(usize::try_from(word(8)).ok()?)?;
    let start = usize::try_from(word(12)).ok()?;
    buffer.get(start..start.checked_add(len)?)
}

fn malformed(column: &str, what: &str) -> PyErr {
    invalid_input(format!("{column}: malformed Arrow array ({what})"))
}

/// `buffers[k]` of an array, or null past `n_buffers`.
///
/// # Safety
/// `array.buffers` points to `array.n_buffers` pointers (the C data
/// interface's guarantee for a live array).
unsafe fn buffer(array: &FfiArray, k: usize) -> *const c_void {
    let n = usize::try_from(array.n_buffers).unwrap_or(0);
    if k >= n || array.buffers.is_null() {
        return std::ptr::null();
    }
    // SAFETY: k < n_buffers, and the caller guarantees `buffers` has that
    // many entries.
    unsafe { *array.buffers.add(k) }
}

/// A slice of `len` items of `T` at `ptr`, refusing a null or misaligned
/// pointer for a non-empty slice.
///
/// # Safety
/// If `len > 0`, `ptr` must point to at least `len` initialised `T`s that
/// stay valid and unmodified for as long as the slice is used.
unsafe fn slice<T>(ptr: *const c_void, len: usize, column: &str) -> PyResult<&'static [T]> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(malformed(column, "null buffer"));
    }
    if !(ptr as usize).is_multiple_of(align_of::<T>()) {
        return Err(malformed(column, "misaligned buffer"));
    }
    if len
        .checked_mul(size_of::<T>())
        .is_none_or(|n| n > isize::MAX as usize)
    {
        return Err(malformed(column, "buffer too large"));
    }
    // SAFETY: non-null, aligned, size within isize::MAX (checked above); the
    // caller guarantees `len` initialised items that outlive the use.
    Ok(unsafe { std::slice::from_raw_parts(ptr.cast::<T>(), len) })
}

/// Checks offsets (non-negative, never decreasing) and returns the data
/// length they imply: the last offset.
fn check_offsets<O: Copy + TryInto<usize>>(offsets: &[O], column: &str) -> PyResult<usize> {
    let mut previous = 0usize;
    for (k, &o) in offsets.iter().enumerate() {
        let o: usize = o
            .try_into()
            .map_err(|_| malformed(column, "negative offset"))?;
        if k > 0 && o < previous {
            return Err(malformed(column, "decreasing offsets"));
        }
        previous = o;
    }
    Ok(previous)
}

/// Builds the checked view of an array we own.
fn import_chunk(owner: OwnedArray, ty: DataType, column: &str) -> PyResult<Chunk> {
    let a = &*owner.0;
    let (Ok(len), Ok(offset)) = (usize::try_from(a.length), usize::try_from(a.offset)) else {
        return Err(malformed(column, "negative length or offset"));
    };
    let end = offset
        .checked_add(len)
        .ok_or_else(|| malformed(column, "length overflows"))?;
    if a.n_children != 0 {
        return Err(malformed(column, "children on a binary array"));
    }
    let n_buffers = usize::try_from(a.n_buffers).unwrap_or(0);
    let expected = match ty.layout {
        Layout::Offsets32 | Layout::Offsets64 => n_buffers == 3,
        Layout::Fixed(_) => n_buffers == 2,
        Layout::Views => n_buffers >= 3,
    };
    if !expected || (n_buffers > 0 && a.buffers.is_null()) {
        return Err(malformed(column, "wrong number of buffers"));
    }
    // SAFETY: `a` is a live array we own, whose `buffers` has `n_buffers`
    // entries, checked non-null just above (so for every `buffer` call below).
    let validity_ptr = unsafe { buffer(a, 0) };
    let validity = if a.null_count == 0 || validity_ptr.is_null() {
        None
    } else {
        // SAFETY: a non-null validity buffer holds one bit per row of the
        // parent array, `offset + length` bits (C data interface), kept
        // alive by `owner`, which the chunk keeps.
        let bits = unsafe { slice::<u8>(validity_ptr, end.div_ceil(8), column)? };
        Some((bits, offset))
    };
    let values = match ty.layout {
        Layout::Offsets32 | Layout::Offsets64 => {
            // SAFETY: buffer 1 of a variable-size binary array holds
            // `offset + length + 1` offsets; our rows use the last
            // `length + 1`. Buffer 2 holds at least as many bytes as the
            // last offset says, which `check_offsets` bounds.
            let offsets_ptr = unsafe { buffer(a, 1) };
            // SAFETY: as for buffer 1.
            let data_ptr = unsafe { buffer(a, 2) };
            if ty.layout == Layout::Offsets32 {
                // SAFETY: the offsets buffer holds `offset + length + 1`
                // 32-bit offsets (see above).
                let all = unsafe { slice::<i32>(offsets_ptr, end + 1, column)? };
                let offsets = &all[offset..];
                let data_len = check_offsets(offsets, column)?;
                // SAFETY: see above: the data buffer is `data_len` long.
                let data = unsafe { slice::<u8>(data_ptr, data_len, column)? };
                Values::Offsets32 { offsets, data }
            } else {
                // SAFETY: the offsets buffer holds `offset + length + 1`
                // 64-bit offsets (see above).
                let all = unsafe { slice::<i64>(offsets_ptr, end + 1, column)? };
                let offsets = &all[offset..];
                let data_len = check_offsets(offsets, column)?;
                // SAFETY: as for 32-bit offsets.
                let data = unsafe { slice::<u8>(data_ptr, data_len, column)? };
                Values::Offsets64 { offsets, data }
            }
        }
        Layout::Fixed(width) => {
            let total = end
                .checked_mul(width)
                .ok_or_else(|| malformed(column, "length overflows"))?;
            // SAFETY: buffer 1 of a fixed-size binary array holds
            // `(offset + length) * width` bytes.
            let all = unsafe { slice::<u8>(buffer(a, 1), total, column)? };
            Values::Fixed {
                width,
                data: &all[offset * width..],
            }
        }
        Layout::Views => {
            let n_data = n_buffers - 3;
            // SAFETY: a view array's buffers are validity, views
            // (`offset + length` of 16 bytes), `n_data` data buffers, then
            // `n_data` i64 sizes of those data buffers (C data interface,
            // "variadic buffers").
            let all_views = unsafe { slice::<[u8; 16]>(buffer(a, 1), end, column)? };
            // SAFETY: the last buffer holds the `n_data` sizes (see above).
            let sizes = unsafe { slice::<i64>(buffer(a, n_buffers - 1), n_data, column)? };
            let mut buffers = Vec::with_capacity(n_data);
            for (k, &size) in sizes.iter().enumerate() {
                let size =
                    usize::try_from(size).map_err(|_| malformed(column, "negative buffer size"))?;
                // SAFETY: data buffer k is `sizes[k]` bytes long.
                buffers.push(unsafe { slice::<u8>(buffer(a, 2 + k), size, column)? });
            }
            let views = &all_views[offset..];
            Values::Views { views, buffers }
        }
    };
    let chunk = Chunk {
        len,
        validity,
        values,
        _owner: owner,
    };
    // Every valid row must resolve inside its buffers; checking once here
    // lets a bad view or offset surface as one error before any work.
    for i in 0..chunk.len {
        if chunk.row(i).is_none() {
            return Err(malformed(column, "a row outside its buffers"));
        }
    }
    Ok(chunk)
}

/// A column imported from Arrow: one or more chunks of one type.
pub(crate) struct Column {
    chunks: Vec<Chunk>,
    len: usize,
    text: bool,
}

impl Column {
    /// Reads `obj` through `__arrow_c_array__` or `__arrow_c_stream__` if
    /// it offers either (pandas objects excepted: see below), else
    /// returns `None`.
    ///
    /// pandas' own protocol methods convert an object column through
    /// pyarrow, which costs more than iterating it and fails on mixed
    /// types (e.g. `VerifyingKey` objects); pandas columns are iterated.
    pub(crate) fn import(obj: &Bound<'_, PyAny>, column: &str) -> PyResult<Option<Self>> {
        let ty = obj.get_type();
        let module: String = ty.module().and_then(|m| m.extract()).unwrap_or_default();
        if module.starts_with("pandas") || module.starts_with("numpy") {
            return Ok(None);
        }
        if ty.hasattr("__arrow_c_array__")? {
            let pair = obj.call_method1("__arrow_c_array__", (obj.py().None(),))?;
            let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) = pair
                .extract()
                .map_err(|_| malformed(column, "__arrow_c_array__ did not return two capsules"))?;
            let schema = take_schema(&schema)?;
            let ty = data_type(&schema, column)?;
            let chunk = import_chunk(take_array(&array)?, ty, column)?;
            return Ok(Some(Self::new(vec![chunk], ty)));
        }
        if ty.hasattr("__arrow_c_stream__")? {
            let capsule = obj.call_method1("__arrow_c_stream__", (obj.py().None(),))?;
            let capsule = capsule
                .cast_into::<PyCapsule>()
                .map_err(|_| malformed(column, "__arrow_c_stream__ did not return a capsule"))?;
            let stream = take_stream(&capsule)?;
            return read_stream(stream, column).map(Some);
        }
        Ok(None)
    }

    fn new(chunks: Vec<Chunk>, ty: DataType) -> Self {
        let len = chunks.iter().map(|c| c.len).sum();
        Column {
            chunks,
            len,
            text: ty.text,
        }
    }

    /// Number of rows.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Whether the Arrow type is a string type (rows should be UTF-8).
    pub(crate) fn is_text(&self) -> bool {
        self.text
    }

    /// Every row in order: `Some(bytes)`, or `None` for a null row.
    pub(crate) fn rows(&self) -> impl Iterator<Item = Option<&[u8]>> + '_ {
        self.chunks.iter().flat_map(|c| {
            // Invariant (import): every row of a chunk resolves.
            (0..c.len).map(move |i| c.row(i).flatten())
        })
    }
}

/// Moves the schema out of an `arrow_schema` capsule.
fn take_schema(capsule: &Bound<'_, PyCapsule>) -> PyResult<OwnedSchema> {
    let ptr = capsule
        .pointer_checked(Some(c"arrow_schema"))?
        .cast::<FfiSchema>()
        .as_ptr();
    // SAFETY: a capsule named "arrow_schema" holds a valid `ArrowSchema`
    // (PyCapsule protocol). Moving it out is a bitwise copy followed by
    // marking the original released, so the capsule's destructor does not
    // release it again (the protocol's documented way to consume it).
    let schema = unsafe {
        let s = std::ptr::read(ptr);
        (*ptr).release = None;
        s
    };
    if schema.release.is_none() {
        return Err(invalid_input("the Arrow schema was already consumed"));
    }
    Ok(OwnedSchema(schema))
}

/// Moves the array out of an `arrow_array` capsule.
fn take_array(capsule: &Bound<'_, PyCapsule>) -> PyResult<OwnedArray> {
    let ptr = capsule
        .pointer_checked(Some(c"arrow_array"))?
        .cast::<FfiArray>()
        .as_ptr();
    // SAFETY: as for `take_schema`, with an `ArrowArray`.
    let array = unsafe {
        let a = std::ptr::read(ptr);
        (*ptr).release = None;
        a
    };
    if array.release.is_none() {
        return Err(invalid_input("the Arrow array was already consumed"));
    }
    Ok(OwnedArray(Box::new(array)))
}

/// Moves the stream out of an `arrow_array_stream` capsule.
fn take_stream(capsule: &Bound<'_, PyCapsule>) -> PyResult<OwnedStream> {
    let ptr = capsule
        .pointer_checked(Some(c"arrow_array_stream"))?
        .cast::<FfiStream>()
        .as_ptr();
    // SAFETY: as for `take_schema`, with an `ArrowArrayStream`.
    let stream = unsafe {
        let s = std::ptr::read(ptr);
        (*ptr).release = None;
        s
    };
    if stream.release.is_none() {
        return Err(invalid_input("the Arrow stream was already consumed"));
    }
    Ok(OwnedStream(stream))
}

/// The producer's message for a failed stream call.
fn stream_error(stream: &mut OwnedStream, column: &str, code: c_int) -> PyErr {
    let message = stream
        .0
        .get_last_error
        .map(|f| {
            // SAFETY: `get_last_error` on a live stream returns null or a
            // NUL-terminated string valid until the next call on the stream;
            // we copy it at once.
            let p = unsafe { f(&mut stream.0) };
            if p.is_null() {
                String::new()
            } else {
                // SAFETY: non-null, NUL-terminated (see above).
                unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
            }
        })
        .unwrap_or_default();
    invalid_input(format!(
        "{column}: reading the Arrow stream failed (error {code}): {message}"
    ))
}

/// Reads every chunk of a stream.
fn read_stream(mut stream: OwnedStream, column: &str) -> PyResult<Column> {
    let (Some(get_schema), Some(get_next)) = (stream.0.get_schema, stream.0.get_next) else {
        return Err(malformed(column, "stream without callbacks"));
    };
    let mut schema = OwnedSchema(FfiSchema::empty());
    // SAFETY: the stream is live and owned; `get_schema` fills the struct
    // we pass (released by `OwnedSchema` if it sets `release`).
    let rc = unsafe { get_schema(&mut stream.0, &mut schema.0) };
    if rc != 0 {
        return Err(stream_error(&mut stream, column, rc));
    }
    let ty = data_type(&schema, column)?;
    let mut chunks = Vec::new();
    loop {
        let mut array = OwnedArray(Box::new(FfiArray::empty()));
        // SAFETY: as for `get_schema`; `get_next` fills the array, or marks
        // the end of the stream by leaving `release` null.
        let rc = unsafe { get_next(&mut stream.0, &mut *array.0) };
        if rc != 0 {
            return Err(stream_error(&mut stream, column, rc));
        }
        if array.0.release.is_none() {
            break;
        }
        chunks.push(import_chunk(array, ty, column)?);
    }
    Ok(Column::new(chunks, ty))
}
