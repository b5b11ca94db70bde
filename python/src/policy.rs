//! Python bindings for `credkit::policy`.

use std::io::BufRead;
use std::path::PathBuf;
use std::sync::Arc;

use credkit::password::PasswordHasher;
use credkit::policy::{
    BreachFilter, BreachFilterBuilder, CharClass, Country, ParamValue, Policy, Violation,
};
use credkit::secret::SecretString;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::errors::{IntoPyResult, invalid_input};

/// A password given as `str`, or as `bytes` holding UTF-8.
fn password_text(obj: &Bound<'_, PyAny>) -> PyResult<SecretString> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(SecretString::new(s.to_str()?.to_owned()));
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        let bytes = b.as_bytes();
        return match std::str::from_utf8(bytes) {
            Ok(s) => Ok(SecretString::new(s.to_owned())),
            Err(_) => Err(invalid_input("password bytes are not valid UTF-8")),
        };
    }
    Err(pyo3::exceptions::PyTypeError::new_err(
        "password must be str or bytes",
    ))
}

/// One broken rule: `code` (stable), `message` (English), `params`.
#[pyclass(frozen, module = "credkit", name = "Violation")]
pub(crate) struct PyViolation {
    inner: Violation,
}

#[pymethods]
impl PyViolation {
    /// The stable code, such as ``"too_short"``.
    #[getter]
    fn code(&self) -> &'static str {
        self.inner.code()
    }

    /// An English sentence telling the user what to change.
    #[getter]
    fn message(&self) -> String {
        self.inner.message()
    }

    /// The values that explain the violation, such as ``{"min": 8}``.
    #[getter]
    fn params<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (name, value) in self.inner.params() {
            match value {
                ParamValue::Count(n) => d.set_item(name, n)?,
                ParamValue::Text(s) => d.set_item(name, s)?,
                _ => d.set_item(name, value.to_string())?,
            }
        }
        Ok(d)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyViolation>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.inner.code().hash(&mut h);
        for (name, value) in self.inner.params() {
            name.hash(&mut h);
            value.to_string().hash(&mut h);
        }
        h.finish()
    }

    fn __repr__(&self) -> String {
        format!(
            "Violation(code={:?}, message={:?})",
            self.inner.code(),
            self.inner.message()
        )
    }

    fn __str__(&self) -> String {
        self.inner.message()
    }
}

/// A breached-password filter built from a Pwned Passwords file.
#[pyclass(frozen, module = "credkit", name = "BreachFilter")]
pub(crate) struct PyBreachFilter {
    inner: Arc<BreachFilter>,
}

#[pymethods]
impl PyBreachFilter {
    /// Parses and checks a filter file's contents.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: Vec<u8>) -> PyResult<Self> {
        let inner = py
            .detach(|| BreachFilter::from_bytes(data))
            .into_py_result()?;
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// Reads and checks a filter file.
    #[staticmethod]
    fn open(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let data = py.detach(|| std::fs::read(&path))?;
        Self::from_bytes(py, data)
    }

    /// Builds a filter from a Pwned Passwords file (``SHA1HEX:count`` per line).
    #[staticmethod]
    fn from_pwned_file(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let result = py.detach(|| -> PyResult<BreachFilter> {
            let file = std::fs::File::open(&path)?;
            let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
            let mut builder = BreachFilterBuilder::new();
            let mut line = Vec::with_capacity(64);
            let mut number = 0u64;
            loop {
                line.clear();
                if reader.read_until(b'\n', &mut line)? == 0 {
                    break;
                }
                number += 1;
                if builder.add_pwned_line(&line).is_err() {
                    return Err(invalid_input(format!(
                        "line {number} of the pwned passwords file is malformed"
                    )));
                }
            }
            builder.build().into_py_result()
        })?;
        Ok(Self {
            inner: Arc::new(result),
        })
    }

    /// Builds a filter from a list of passwords.
    #[staticmethod]
    fn from_passwords(py: Python<'_>, passwords: Vec<String>) -> PyResult<Self> {
        let inner = py
            .detach(|| {
                let mut b = BreachFilterBuilder::new();
                for p in &passwords {
                    b.add_password(p);
                }
                b.build()
            })
            .into_py_result()?;
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// The filter file's contents.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.as_bytes())
    }

    /// Writes the filter file.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py.detach(|| std::fs::write(&path, self.inner.as_bytes()))?;
        Ok(())
    }

    /// Whether the password is in the filter (false positives: about 2^-16).
    fn contains(&self, password: &Bound<'_, PyAny>) -> PyResult<bool> {
        let p = password_text(password)?;
        Ok(self.inner.contains_password(p.expose()))
    }

    fn __contains__(&self, password: &Bound<'_, PyAny>) -> PyResult<bool> {
        self.contains(password)
    }

    fn __len__(&self) -> usize {
        usize::try_from(self.inner.len()).unwrap_or(usize::MAX)
    }

    fn __repr__(&self) -> String {
        format!(
            "BreachFilter(entries={}, bytes={})",
            self.inner.len(),
            self.inner.as_bytes().len()
        )
    }
}

fn char_class(name: &str) -> PyResult<CharClass> {
    match name {
        "lowercase" => Ok(CharClass::Lowercase),
        "uppercase" => Ok(CharClass::Uppercase),
        "digit" => Ok(CharClass::Digit),
        "symbol" => Ok(CharClass::Symbol),
        _ => Err(invalid_input(format!(
            "unknown character class {name:?} (expected lowercase, uppercase, digit or symbol)"
        ))),
    }
}

/// A password or PIN policy.
#[pyclass(frozen, module = "credkit", name = "PasswordPolicy")]
pub(crate) struct PyPasswordPolicy {
    inner: Policy,
}

#[pymethods]
impl PyPasswordPolicy {
    #[new]
    #[pyo3(signature = (
        *,
        min_length = 1,
        max_length = Policy::DEFAULT_MAX_LENGTH,
        require = Vec::new(),
        min_classes = None,
        symbols = None,
        waive_classes_from = None,
        blocklist = false,
        extra_blocklist = Vec::new(),
        context = false,
        max_repeat = None,
        max_sequence = None,
        digits_only = false,
        breach_filter = None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        min_length: usize,
        max_length: usize,
        require: Vec<String>,
        min_classes: Option<usize>,
        symbols: Option<String>,
        waive_classes_from: Option<usize>,
        blocklist: bool,
        extra_blocklist: Vec<String>,
        context: bool,
        max_repeat: Option<usize>,
        max_sequence: Option<usize>,
        digits_only: bool,
        breach_filter: Option<PyRef<'_, PyBreachFilter>>,
    ) -> PyResult<Self> {
        let classes = require
            .iter()
            .map(|c| char_class(c))
            .collect::<PyResult<Vec<_>>>()?;
        let mut b = Policy::builder()
            .min_length(min_length)
            .max_length(max_length)
            .require_classes(&classes, min_classes.unwrap_or(classes.len()))
            .blocklist(blocklist)
            .context_words(context)
            .digits_only(digits_only);
        if !extra_blocklist.is_empty() {
            b = b.extra_blocklist(&extra_blocklist);
        }
        if let Some(s) = symbols {
            b = b.symbols(&s);
        }
        if let Some(w) = waive_classes_from {
            b = b.waive_classes_from(w);
        }
        if let Some(r) = max_repeat {
            b = b.max_repeat(r);
        }
        if let Some(s) = max_sequence {
            b = b.max_sequence(s);
        }
        if let Some(f) = breach_filter {
            b = b.breach_filter(Arc::clone(&f.inner));
        }
        Ok(Self {
            inner: b.build().into_py_result()?,
        })
    }

    /// The Cl@ve Permanente rules.
    #[staticmethod]
    fn clave() -> Self {
        Self {
            inner: Policy::clave(),
        }
    }

    /// NIST SP 800-63B-4: 15 code points, or 8 with ``multi_factor=True``.
    #[staticmethod]
    #[pyo3(signature = (multi_factor = false))]
    fn nist(multi_factor: bool) -> Self {
        Self {
            inner: Policy::nist(multi_factor),
        }
    }

    /// A transaction PIN of exactly ``length`` digits.
    #[staticmethod]
    #[pyo3(signature = (length = Policy::DEFAULT_PIN_LENGTH))]
    fn pin(length: usize) -> PyResult<Self> {
        Ok(Self {
            inner: Policy::pin(length).into_py_result()?,
        })
    }

    /// This policy, also refusing passwords found in ``breach_filter``.
    fn with_breach_filter(&self, breach_filter: PyRef<'_, PyBreachFilter>) -> Self {
        Self {
            inner: self
                .inner
                .clone()
                .with_breach_filter(Arc::clone(&breach_filter.inner)),
        }
    }

    /// Minimum length in code points.
    #[getter]
    fn min_length(&self) -> usize {
        self.inner.min_length()
    }

    /// Maximum length in code points.
    #[getter]
    fn max_length(&self) -> usize {
        self.inner.max_length()
    }

    /// Every rule the password breaks; an empty list means accepted.
    #[pyo3(signature = (password, context = Vec::new(), previous_hash = None))]
    fn check(
        &self,
        py: Python<'_>,
        password: &Bound<'_, PyAny>,
        context: Vec<String>,
        previous_hash: Option<String>,
    ) -> PyResult<Vec<PyViolation>> {
        let password = password_text(password)?;
        let context: Vec<&str> = context.iter().map(String::as_str).collect();
        let violations = match previous_hash {
            None => self.inner.check(password.expose(), &context),
            Some(phc) => py
                .detach(|| {
                    self.inner.check_with_previous(
                        password.expose(),
                        &context,
                        &PasswordHasher::default(),
                        &phc,
                    )
                })
                .into_py_result()?,
        };
        Ok(violations
            .into_iter()
            .map(|inner| PyViolation { inner })
            .collect())
    }

    fn __repr__(&self) -> String {
        format!(
            "PasswordPolicy(min_length={}, max_length={})",
            self.inner.min_length(),
            self.inner.max_length()
        )
    }
}

/// Validates a national ID number and returns its normalised form.
#[pyfunction]
fn normalize_national_id(value: &str, country: &str) -> PyResult<String> {
    let country = Country::from_code(country).into_py_result()?;
    credkit::policy::normalize_national_id(value, country).into_py_result()
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyViolation>()?;
    m.add_class::<PyBreachFilter>()?;
    m.add_class::<PyPasswordPolicy>()?;
    m.add_function(wrap_pyfunction!(normalize_national_id, m)?)?;
    Ok(())
}
