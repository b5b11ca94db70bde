//! The process-wide side of the bindings: credkit's worker pool
//! (`set_num_threads`, `get_num_threads`), `release_memory`, and the chunked
//! runner every batch call goes through so that it can be interrupted and
//! can report progress.

use std::time::{Duration, Instant};

use pyo3::prelude::*;

use pyo3::types::{PyIterator, PyList, PyTuple};

use crate::errors::{invalid_input, out_of_range};
use crate::int_arg::UInt;

/// Sets the number of threads of credkit's worker pool in this process.
///
/// The default is the ``CREDKIT_NUM_THREADS`` environment variable if set,
/// else the number of cores available to the process. Give each worker
/// process of a Dask, Spark or Ray cluster the number of threads it is
/// meant to use (1 for ``threads_per_worker=1``), so that the workers
/// together do not start more threads than there are cores. Calls already
/// running finish on the old pool.
///
/// Args:
///     n: threads, at least 1.
///
/// Raises:
///     InvalidInput: ``n`` is 0, negative or too large (code ``out_of_range``).
///
/// .. versionadded:: 0.1.0
#[pyfunction]
fn set_num_threads(py: Python<'_>, n: UInt<usize>) -> PyResult<()> {
    // A pool thread costs a stack and an Argon2 arena; 4096 is far past any
    // machine credkit runs on and keeps a typo from starting a million.
    if n.0 == 0 || n.0 > 4096 {
        return Err(out_of_range("n"));
    }
    py.detach(|| credkit::set_num_threads(n.0));
    Ok(())
}

/// The number of threads of credkit's worker pool in this process.
///
/// .. versionadded:: 0.1.0
#[pyfunction]
fn get_num_threads() -> usize {
    credkit::pool::num_threads()
}

/// Frees the Argon2 memory credkit keeps between hashes, on the calling
/// thread and on every credkit pool thread (each keeps one wiped buffer the
/// size of the largest hash it computed, up to 256 MiB).
///
/// Call it when a process goes idle after hashing with a large memory
/// cost. The next hash on each thread allocates (and page-faults) its
/// buffer again.
///
/// Returns:
///     The bytes freed.
///
/// .. versionadded:: 0.1.0
#[pyfunction]
fn release_memory(py: Python<'_>) -> usize {
    py.detach(credkit::release_memory)
}

/// Each chunk of a batch aims at this much wall time: short enough that
/// Ctrl-C is answered within a second, long enough that the pause between
/// chunks costs nothing measurable.
const CHUNK_TARGET: Duration = Duration::from_millis(100);

/// Runs `f` over `items` in chunks with the GIL released, checking for
/// signals (Ctrl-C raises `KeyboardInterrupt`) and calling
/// `progress(done, total)` after each chunk. `f` returns one result per
/// item of its chunk (or an error that ends the batch).
///
/// Chunks start at one item per pool thread and grow or shrink towards
/// [`CHUNK_TARGET`], so both a 2-second Argon2 hash and a 20-µs signature
/// check are interruptible without paying for it.
pub(crate) fn chunked<T, R, F>(
    py: Python<'_>,
    items: &[T],
    progress: Option<&Bound<'_, PyAny>>,
    f: F,
) -> PyResult<Vec<R>>
where
    T: Sync,
    R: Send,
    F: Fn(&[T]) -> PyResult<Vec<R>> + Sync,
{
    let threads = credkit::pool::num_threads().max(1);
    let mut size = threads;
    let mut out = Vec::with_capacity(items.len());
    let mut rest = items;
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at(size.min(rest.len()));
        let started = Instant::now();
        let results = py.detach(|| f(chunk))?;
        let elapsed = started.elapsed();
        out.extend(results);
        rest = tail;
        py.check_signals()?;
        if let Some(callback) = progress {
            callback.call1((out.len(), items.len()))?;
        }
        if elapsed < CHUNK_TARGET / 2 {
            size = size.saturating_mul(2);
        } else if elapsed > CHUNK_TARGET * 2 {
            size = (size / 2).max(threads);
        }
    }
    Ok(out)
}

/// One row of a [`Column`], handed to the caller's conversion.
pub(crate) enum Cell<'a, 'py> {
    /// A row of an Arrow binary or string column: a slice of the producer's
    /// buffers, no Python object. `text` says the Arrow type was a string
    /// type (the bytes should be UTF-8; callers that need `str` still check).
    Arrow { bytes: &'a [u8], text: bool },
    /// An item of any other iterable, or `None` for a null Arrow row, so
    /// that a null behaves exactly as `None` in a list does.
    Object(&'a Bound<'py, PyAny>),
}

/// A row value that is either borrowed from an Arrow buffer or converted
/// from a Python item (`O`, e.g. `PyBackedBytes` or a secret).
pub(crate) enum Bytes<'a, O> {
    Arrow(&'a [u8]),
    Owned(O),
}

impl<O: AsRef<[u8]>> AsRef<[u8]> for Bytes<'_, O> {
    fn as_ref(&self) -> &[u8] {
        match self {
            Bytes::Arrow(b) => b,
            Bytes::Owned(o) => o.as_ref(),
        }
    }
}

/// A column argument of a batch call (`keys=`, `passwords`, `qrs`, ...):
/// a pyarrow (or polars, nanoarrow...) array or chunked array of binary or
/// string type read through the Arrow C data interface with no Python
/// object per row (see [`crate::arrow`]), or any other iterable (list,
/// tuple, numpy object array, pandas Series) read item by item.
///
/// Nulls: a null Arrow row is handed to the caller's conversion as `None`,
/// so it gets exactly the answer `None` gets in a list (a `False` row in
/// `verify_batch`, an `InvalidInput`/`TypeError` naming the index where an
/// item is required).
pub(crate) struct Column<'py> {
    name: String,
    rows: Rows<'py>,
    none: Bound<'py, PyAny>,
}

enum Rows<'py> {
    Arrow(crate::arrow::Column),
    Items(Vec<Bound<'py, PyAny>>),
}

impl<'py> Column<'py> {
    /// Reads `obj` as a column named `name` (the name prefixes errors:
    /// ``"passwords[3]: ..."``). An Arrow column of any other type than
    /// binary/string raises `InvalidInput` naming the column.
    pub(crate) fn read(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<Self> {
        let rows = match crate::arrow::Column::import(obj, name)? {
            Some(arrow) => Rows::Arrow(arrow),
            None => Rows::Items(obj.try_iter()?.collect::<PyResult<_>>()?),
        };
        Ok(Column {
            name: name.to_owned(),
            rows,
            none: obj.py().None().into_bound(obj.py()),
        })
    }

    /// Number of rows.
    pub(crate) fn len(&self) -> usize {
        match &self.rows {
            Rows::Arrow(a) => a.len(),
            Rows::Items(v) => v.len(),
        }
    }

    /// Converts every row with `f`, in order; an error is re-raised with
    /// the row's index in front (``"passwords[3]: ..."``), its type and
    /// `.code` kept.
    pub(crate) fn map<'a, T>(
        &'a self,
        mut f: impl FnMut(Cell<'a, 'py>) -> PyResult<T>,
    ) -> PyResult<Vec<T>> {
        let py = self.none.py();
        let at = |i: usize, e: PyErr| at_item(py, e, &format!("{}[{i}]: ", self.name));
        match &self.rows {
            Rows::Arrow(a) => {
                let text = a.is_text();
                a.rows()
                    .enumerate()
                    .map(|(i, row)| {
                        let cell = match row {
                            Some(bytes) => Cell::Arrow { bytes, text },
                            None => Cell::Object(&self.none),
                        };
                        f(cell).map_err(|e| at(i, e))
                    })
                    .collect()
            }
            Rows::Items(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| f(Cell::Object(item)).map_err(|e| at(i, e)))
                .collect(),
        }
    }

    /// Every row as bytes: Arrow rows borrowed, Python items converted by
    /// `item` (e.g. `extract::<PyBackedBytes>`).
    pub(crate) fn bytes<'a, O>(
        &'a self,
        mut item: impl FnMut(&Bound<'py, PyAny>) -> PyResult<O>,
    ) -> PyResult<Vec<Bytes<'a, O>>> {
        self.map(|cell| match cell {
            Cell::Arrow { bytes, .. } => Ok(Bytes::Arrow(bytes)),
            Cell::Object(o) => item(o).map(Bytes::Owned),
        })
    }

    /// Every row as text (`str`, UTF-8 `bytes`, or an Arrow string/binary
    /// row holding UTF-8): Arrow rows borrowed, Python items converted by
    /// `item`. Arrow rows that are not UTF-8 raise `InvalidInput` naming
    /// the row.
    pub(crate) fn texts<'a, O>(
        &'a self,
        mut item: impl FnMut(&Bound<'py, PyAny>) -> PyResult<O>,
    ) -> PyResult<Vec<Text<'a, O>>> {
        self.map(|cell| match cell {
            Cell::Arrow { bytes, .. } => std::str::from_utf8(bytes)
                .map(Text::Arrow)
                .map_err(|_| invalid_input("the value is not valid UTF-8")),
            Cell::Object(o) => item(o).map(Text::Owned),
        })
    }
}

/// A text row: borrowed from an Arrow buffer, or converted from a Python
/// item (`O`, e.g. `String` or `SecretString`).
pub(crate) enum Text<'a, O> {
    Arrow(&'a str),
    Owned(O),
}

impl<O: AsRef<str>> AsRef<str> for Text<'_, O> {
    fn as_ref(&self) -> &str {
        match self {
            Text::Arrow(s) => s,
            Text::Owned(o) => o.as_ref(),
        }
    }
}

/// An iterator over a column: any iterable, with a pyarrow `Array` or
/// `ChunkedArray` read through `to_pylist()` (its own iteration yields
/// pyarrow scalars, not `bytes`/`str`). Batch calls read columns through
/// [`Column`] instead, which reads Arrow without a Python object per row.
pub(crate) fn iterate<'py>(column: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyIterator>> {
    let module: String = column.get_type().module()?.extract()?;
    if module.starts_with("pyarrow")
        && let Ok(to_pylist) = column.getattr("to_pylist")
    {
        return to_pylist.call0()?.try_iter();
    }
    column.try_iter()
}

/// A column (see [`iterate`]) converted item by item; an item of the wrong
/// type raises the conversion's error with the item's index in front.
/// Batch calls use [`Column`], which reads Arrow columns without a Python
/// object per row.
#[allow(dead_code)]
pub(crate) fn column<'py, T>(column: &Bound<'py, PyAny>, name: &str) -> PyResult<Vec<T>>
where
    T: for<'a> FromPyObject<'a, 'py, Error = PyErr>,
{
    let py = column.py();
    iterate(column)?
        .enumerate()
        .map(|(i, item)| {
            item?
                .extract::<T>()
                .map_err(|e| at_item(py, e, &format!("{name}[{i}]: ")))
        })
        .collect()
}

/// The `N` fields of one row of a batch: a tuple or a list of exactly `N`
/// items (``DataFrame.values.tolist()`` gives lists). Anything else is the
/// caller's mistake, not a failed item: `InvalidInput` naming the row.
pub(crate) fn row<'py, const N: usize>(
    item: &Bound<'py, PyAny>,
    name: &str,
    shape: &str,
) -> PyResult<[Bound<'py, PyAny>; N]> {
    let fields: Option<Vec<Bound<'py, PyAny>>> = if let Ok(t) = item.cast::<PyTuple>() {
        Some(t.iter().collect())
    } else if let Ok(l) = item.cast::<PyList>() {
        Some(l.iter().collect())
    } else {
        None
    };
    fields
        .and_then(|f| <[Bound<'py, PyAny>; N]>::try_from(f).ok())
        .ok_or_else(|| {
            let got = item
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default();
            let len = item.len().map(|n| format!(" of {n}")).unwrap_or_default();
            invalid_input(format!(
                "{name} must be a {shape} tuple or list of {N}, not a {got}{len}"
            ))
        })
}

/// `error` again, of the same type and `.code`, its message prefixed with
/// `prefix` (e.g. "passwords[3]: "), so a batch call names the failing item.
pub(crate) fn at_item(py: Python<'_>, error: PyErr, prefix: &str) -> PyErr {
    let value = error.value(py);
    let message = value.str().map(|s| s.to_string()).unwrap_or_default();
    let renamed = value
        .get_type()
        .call1((format!("{prefix}{message}"),))
        .and_then(|new| {
            if let Ok(code) = value.getattr("code") {
                new.setattr("code", code)?;
            }
            new.setattr("__cause__", value)?;
            Ok(new)
        });
    match renamed {
        Ok(new) => PyErr::from_value(new),
        // An exception type that cannot be built from a message: keep it.
        Err(_) => error,
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(set_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(get_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(release_memory, m)?)?;
    Ok(())
}
