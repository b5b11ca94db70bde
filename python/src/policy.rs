//! Python bindings for `credkit::policy`.

use std::path::PathBuf;
use std::sync::Arc;

use credkit::password::PasswordHasher;
use credkit::policy::{
    BlocklistSource, BreachFilter, BreachFilterBuilder, CharClass, Country, ParamValue, Policy,
    PwnedFileError, Violation,
};
use credkit::secret::SecretString;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyString, PyTuple};

use crate::errors::{IntoPyResult, invalid_input};
use crate::int_arg::UInt;
use crate::password::PyPasswordHasher;

/// A password given as `str`, or as `bytes` holding UTF-8.
fn password_text(obj: &Bound<'_, PyAny>) -> PyResult<SecretString> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(SecretString::new(s.to_cow()?.into_owned()));
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

/// One broken rule of a password policy.
///
/// ``code`` is stable (one of ``too_short``, ``too_long``,
/// ``missing_lowercase``, ``missing_uppercase``, ``missing_digit``,
/// ``missing_symbol``, ``blocklisted``, ``contains_context``, ``repetitive``,
/// ``sequential``, ``not_digits``, ``reused``); ``message`` is an English
/// sentence a user can act on; ``params`` holds the values that explain it.
/// No violation carries any part of the password.
///
/// .. versionadded:: 0.1.0
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

    /// Pickles as ``(version, code, params)``.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let v = slf.get();
        crate::pickle::by_state(
            slf.as_any(),
            [
                PyString::new(py, v.inner.code()).into_any(),
                v.params(py)?.into_any(),
            ],
        )
    }

    /// Rebuilds a violation from its pickle state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<Self> {
        const WHAT: &str = "Violation";
        crate::pickle::restore(py, WHAT, || {
            let st = crate::pickle::State::open(state, WHAT, 2)?;
            let code: String = st.get(0)?;
            let params = st.any(1)?.cast::<PyDict>()?;
            let count = |name: &str| -> PyResult<usize> {
                params
                    .get_item(name)?
                    .ok_or_else(|| invalid_input(format!("{WHAT}: {code} needs {name}")))?
                    .extract::<UInt<usize>>()
                    .map(|UInt(n)| n)
            };
            let inner = match code.as_str() {
                "too_short" => Violation::TooShort { min: count("min")? },
                "too_long" => Violation::TooLong { max: count("max")? },
                "missing_lowercase" => Violation::MissingLowercase {
                    required: count("required")?,
                    of: count("of")?,
                },
                "missing_uppercase" => Violation::MissingUppercase {
                    required: count("required")?,
                    of: count("of")?,
                },
                "missing_digit" => Violation::MissingDigit {
                    required: count("required")?,
                    of: count("of")?,
                },
                "missing_symbol" => Violation::MissingSymbol {
                    required: count("required")?,
                    of: count("of")?,
                    symbols: params
                        .get_item("symbols")?
                        .map(|s| s.extract::<String>())
                        .transpose()?,
                },
                "blocklisted" => {
                    let source: String = params
                        .get_item("source")?
                        .ok_or_else(|| invalid_input(format!("{WHAT}: blocklisted needs source")))?
                        .extract()?;
                    Violation::Blocklisted {
                        source: match source.as_str() {
                            "common" => BlocklistSource::Common,
                            "breached" => BlocklistSource::Breached,
                            _ => return Err(invalid_input(format!("{WHAT}: unknown source"))),
                        },
                    }
                }
                "contains_context" => Violation::ContainsContext,
                "repetitive" => Violation::Repetitive {
                    max_run: count("max_run")?,
                },
                "sequential" => Violation::Sequential {
                    max_run: count("max_run")?,
                },
                "not_digits" => Violation::NotDigits,
                "reused" => Violation::Reused,
                _ => return Err(invalid_input(format!("{WHAT}: unknown code"))),
            };
            // The params must be exactly those of the rebuilt violation.
            let rebuilt = Self { inner };
            if !rebuilt.params(py)?.eq(params)? {
                return Err(invalid_input(format!(
                    "{WHAT}: params do not match the code"
                )));
            }
            Ok(rebuilt)
        })
    }
}

/// A breached-password filter built from a Have I Been Pwned "Pwned
/// Passwords" file: a binary fuse filter with 16-bit fingerprints, about
/// 2.25 bytes per entry, false-positive rate about 2^-16, no false negatives.
///
/// .. versionadded:: 0.1.0
#[pyclass(frozen, module = "credkit", name = "BreachFilter")]
pub(crate) struct PyBreachFilter {
    inner: Arc<BreachFilter>,
}

#[pymethods]
impl PyBreachFilter {
    /// Pickles as ``to_bytes()`` (the whole filter).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickle::by_bytes(slf.as_any())
    }

    /// Parses and checks a filter file's contents.
    ///
    /// Args:
    ///     data: The file's bytes.
    ///
    /// Returns:
    ///     BreachFilter: The loaded filter.
    ///
    /// Raises:
    ///     InvalidInput: The data is not a filter file, has another format
    ///         version, is truncated, fails its checksum or has invalid
    ///         parameters.
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
    ///
    /// Args:
    ///     path: The file written by ``save`` or ``build_breach_filter``.
    ///
    /// Returns:
    ///     BreachFilter: The loaded filter.
    ///
    /// Raises:
    ///     OSError: The file cannot be read.
    ///     InvalidInput: As for ``from_bytes``.
    #[staticmethod]
    fn open(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let data = py.detach(|| std::fs::read(&path))?;
        Self::from_bytes(py, data)
    }

    /// Builds a filter from a Pwned Passwords file, streamed line by line.
    ///
    /// Args:
    ///     path: A file of ``SHA1HEX:count`` (or bare ``SHA1HEX``) lines.
    ///
    /// Returns:
    ///     BreachFilter: The built filter (save it with ``save``).
    ///
    /// Raises:
    ///     OSError: The file cannot be read.
    ///     InvalidInput: A line is malformed (the message names it).
    #[staticmethod]
    fn from_pwned_file(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let result = py.detach(|| -> PyResult<BreachFilter> {
            let file = std::fs::File::open(&path)?;
            let mut builder = BreachFilterBuilder::new();
            match builder.add_pwned_file(std::io::BufReader::with_capacity(1 << 20, file)) {
                Ok(_) => {}
                Err(PwnedFileError::Read(e)) => return Err(e.into()),
                Err(e) => return Err(invalid_input(e.to_string())),
            }
            builder.build().into_py_result()
        })?;
        Ok(Self {
            inner: Arc::new(result),
        })
    }

    /// Builds a filter from passwords (hashed with SHA-1 as Pwned Passwords does).
    ///
    /// Args:
    ///     passwords: The passwords.
    ///
    /// Returns:
    ///     BreachFilter: The built filter.
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

    /// Whether the password is in the filter.
    ///
    /// Args:
    ///     password: ``str``, or ``bytes`` holding UTF-8.
    ///
    /// Returns:
    ///     bool: Always ``True`` for an entry; ``True`` with probability about
    ///     2^-16 for any other password.
    ///
    /// Raises:
    ///     InvalidInput: ``bytes`` that are not UTF-8.
    fn contains(&self, password: &Bound<'_, PyAny>) -> PyResult<bool> {
        let p = password_text(password)?;
        Ok(self.inner.contains_password(p.expose()))
    }

    /// Whether each password of a column (list, numpy array, pandas Series,
    /// pyarrow array) is in the filter, with the GIL released.
    ///
    /// Returns:
    ///     One bool per password, in order.
    ///
    /// Raises:
    ///     InvalidInput: an item that is not str or UTF-8 bytes (the message
    ///         names its index).
    ///
    /// .. versionadded:: 0.1.0
    #[pyo3(signature = (passwords, *, progress=None))]
    fn contains_many(
        &self,
        py: Python<'_>,
        passwords: &Bound<'_, PyAny>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<bool>> {
        let items = crate::runtime::iterate(passwords)?
            .enumerate()
            .map(|(i, p)| {
                password_text(&p?)
                    .map_err(|e| crate::runtime::at_item(py, e, &format!("passwords[{i}]: ")))
            })
            .collect::<PyResult<Vec<_>>>()?;
        crate::runtime::chunked(py, &items, progress, |chunk| {
            Ok(chunk
                .iter()
                .map(|p| self.inner.contains_password(p.expose()))
                .collect())
        })
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
    name.parse().map_err(|_| {
        crate::errors::invalid_input_coded(
            credkit::ErrorCode::InvalidArgument,
            format!(
                "unknown character class {name:?} (expected lowercase, uppercase, digit or symbol)"
            ),
        )
    })
}

/// A password or PIN policy: ``check`` returns every rule a password breaks.
///
/// Use a preset (``clave()``, ``nist()``, ``pin()``) or build one from
/// keyword arguments: ``min_length``, ``max_length`` (code points, after
/// NFKC); ``require`` (class names ``"lowercase"``, ``"uppercase"``,
/// ``"digit"``, ``"symbol"``) with ``min_classes`` of them (default all);
/// ``symbols`` (the accepted symbols; default any non-alphanumeric
/// character); ``waive_classes_from`` (a length from which class rules are
/// waived); ``blocklist`` (the embedded common-password list);
/// ``extra_blocklist`` (more words); ``context`` (refuse context words);
/// ``max_repeat`` and ``max_sequence`` (longest run allowed);
/// ``digits_only``; ``breach_filter``.
///
/// Raises:
///     InvalidInput: An unknown class name.
///     TypeError: Inconsistent parameters (minimum above maximum, more
///         classes required than listed, a run limit of 0).
///
/// .. versionadded:: 0.1.0
#[pyclass(frozen, module = "credkit", name = "PasswordPolicy")]
pub(crate) struct PyPasswordPolicy {
    inner: Policy,
    /// How `inner` was made, for pickling (`Policy` does not expose every
    /// setting, and a preset should stay the preset of the version that
    /// unpickles it only if it was pickled as one: it is).
    recipe: Recipe,
    /// The filter object, pickled as itself (so it keeps its own pickled
    /// form and is shared by the policies that share it).
    breach_filter: Option<Py<PyBreachFilter>>,
}

// The defaults written in the `text_signature`s below.
const _: () = assert!(Policy::DEFAULT_MAX_LENGTH == 64 && Policy::DEFAULT_PIN_LENGTH == 6);

/// The arguments a policy was made from.
#[derive(Clone)]
enum Recipe {
    Clave,
    Nist(bool),
    Pin(usize),
    Built(Box<Settings>),
}

/// The keyword arguments of the `PasswordPolicy` constructor.
#[derive(Clone)]
struct Settings {
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
}

/// The state fields of a `Settings`, in order.
type SettingsState = (
    usize,
    usize,
    Vec<String>,
    Option<usize>,
    Option<String>,
    Option<usize>,
    bool,
    Vec<String>,
    bool,
    Option<usize>,
    Option<usize>,
    bool,
);

impl Settings {
    fn to_state(&self) -> SettingsState {
        (
            self.min_length,
            self.max_length,
            self.require.clone(),
            self.min_classes,
            self.symbols.clone(),
            self.waive_classes_from,
            self.blocklist,
            self.extra_blocklist.clone(),
            self.context,
            self.max_repeat,
            self.max_sequence,
            self.digits_only,
        )
    }

    fn from_state(t: SettingsState) -> Self {
        let (
            min_length,
            max_length,
            require,
            min_classes,
            symbols,
            waive_classes_from,
            blocklist,
            extra_blocklist,
            context,
            max_repeat,
            max_sequence,
            digits_only,
        ) = t;
        Self {
            min_length,
            max_length,
            require,
            min_classes,
            symbols,
            waive_classes_from,
            blocklist,
            extra_blocklist,
            context,
            max_repeat,
            max_sequence,
            digits_only,
        }
    }

    fn build(&self) -> PyResult<Policy> {
        let classes = self
            .require
            .iter()
            .map(|c| char_class(c))
            .collect::<PyResult<Vec<_>>>()?;
        let mut b = Policy::builder()
            .min_length(self.min_length)
            .max_length(self.max_length)
            .require_classes(&classes, self.min_classes.unwrap_or(classes.len()))
            .blocklist(self.blocklist)
            .context_words(self.context)
            .digits_only(self.digits_only);
        if !self.extra_blocklist.is_empty() {
            b = b.extra_blocklist(&self.extra_blocklist);
        }
        if let Some(s) = &self.symbols {
            b = b.symbols(s);
        }
        if let Some(w) = self.waive_classes_from {
            b = b.waive_classes_from(w);
        }
        if let Some(r) = self.max_repeat {
            b = b.max_repeat(r);
        }
        if let Some(s) = self.max_sequence {
            b = b.max_sequence(s);
        }
        b.build().into_py_result()
    }
}

impl Recipe {
    fn build(&self) -> PyResult<Policy> {
        match self {
            Recipe::Clave => Ok(Policy::clave()),
            Recipe::Nist(multi_factor) => Ok(Policy::nist(*multi_factor)),
            Recipe::Pin(length) => Policy::pin(*length).into_py_result(),
            Recipe::Built(settings) => settings.build(),
        }
    }
}

impl PyPasswordPolicy {
    fn make(recipe: Recipe, breach_filter: Option<Bound<'_, PyBreachFilter>>) -> PyResult<Self> {
        let mut inner = recipe.build()?;
        if let Some(f) = &breach_filter {
            inner = inner.with_breach_filter(Arc::clone(&f.get().inner));
        }
        Ok(Self {
            inner,
            recipe,
            breach_filter: breach_filter.map(Bound::unbind),
        })
    }
}

#[pymethods]
impl PyPasswordPolicy {
    #[new]
    #[pyo3(signature = (
        *,
        min_length = UInt(1),
        max_length = UInt(Policy::DEFAULT_MAX_LENGTH),
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
    ),
    text_signature = "(*, min_length=1, max_length=64, require=(), min_classes=None, symbols=None, \
                      waive_classes_from=None, blocklist=False, extra_blocklist=(), context=False, \
                      max_repeat=None, max_sequence=None, digits_only=False, breach_filter=None)")]
    #[allow(clippy::too_many_arguments)]
    fn new(
        min_length: UInt<usize>,
        max_length: UInt<usize>,
        require: Vec<String>,
        min_classes: Option<UInt<usize>>,
        symbols: Option<String>,
        waive_classes_from: Option<UInt<usize>>,
        blocklist: bool,
        extra_blocklist: Vec<String>,
        context: bool,
        max_repeat: Option<UInt<usize>>,
        max_sequence: Option<UInt<usize>>,
        digits_only: bool,
        breach_filter: Option<Bound<'_, PyBreachFilter>>,
    ) -> PyResult<Self> {
        let settings = Settings {
            min_length: min_length.0,
            max_length: max_length.0,
            require,
            min_classes: min_classes.map(|UInt(v)| v),
            symbols,
            waive_classes_from: waive_classes_from.map(|UInt(v)| v),
            blocklist,
            extra_blocklist,
            context,
            max_repeat: max_repeat.map(|UInt(v)| v),
            max_sequence: max_sequence.map(|UInt(v)| v),
            digits_only,
        };
        Self::make(Recipe::Built(Box::new(settings)), breach_filter)
    }

    /// Pickles as ``(version, preset, arguments, breach_filter)``: the
    /// preset's name (``"clave"``, ``"nist"``, ``"pin"``) or ``"custom"``
    /// with the constructor's arguments; the filter as itself.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let p = slf.get();
        let (kind, args) = match &p.recipe {
            Recipe::Clave => ("clave", py.None().into_bound(py)),
            Recipe::Nist(mf) => ("nist", PyBool::new(py, *mf).to_owned().into_any()),
            Recipe::Pin(length) => ("pin", length.into_pyobject(py)?.into_any()),
            Recipe::Built(settings) => {
                ("custom", settings.to_state().into_pyobject(py)?.into_any())
            }
        };
        let filter = match &p.breach_filter {
            Some(f) => f.bind(py).clone().into_any(),
            None => py.None().into_bound(py),
        };
        crate::pickle::by_state(
            slf.as_any(),
            [PyString::new(py, kind).into_any(), args, filter],
        )
    }

    /// Rebuilds a policy from its pickle state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<Self> {
        const WHAT: &str = "PasswordPolicy";
        crate::pickle::restore(py, WHAT, || {
            let st = crate::pickle::State::open(state, WHAT, 3)?;
            let kind: String = st.get(0)?;
            let recipe = match kind.as_str() {
                "clave" => Recipe::Clave,
                "nist" => Recipe::Nist(st.get(1)?),
                "pin" => Recipe::Pin(st.get(1)?),
                "custom" => Recipe::Built(Box::new(Settings::from_state(st.get(1)?))),
                _ => return Err(invalid_input(format!("{WHAT}: unknown preset"))),
            };
            let filter = st.get::<Option<Bound<'_, PyBreachFilter>>>(2)?;
            Self::make(recipe, filter)
        })
    }

    /// The Cl@ve Permanente rules: at least 8 characters; a lowercase and an
    /// uppercase letter, a digit and one of ``¡!$?%&#@/\()=¿*[];,:._<>+-``,
    /// waived from 16 characters; no name, surname or ID number (pass them as
    /// ``context``); not the previous password (pass ``previous_hash``); not a
    /// common password.
    ///
    /// Returns:
    ///     PasswordPolicy: The preset.
    #[staticmethod]
    fn clave() -> Self {
        Self {
            inner: Policy::clave(),
            recipe: Recipe::Clave,
            breach_filter: None,
        }
    }

    /// NIST SP 800-63B-4: at least 15 code points (8 with
    /// ``multi_factor=True``), up to 128, no composition rules; refuses common
    /// passwords, context words, and repetitive or sequential strings.
    ///
    /// Args:
    ///     multi_factor: The password is only used with a second factor.
    ///
    /// Returns:
    ///     PasswordPolicy: The preset.
    #[staticmethod]
    #[pyo3(signature = (multi_factor = false))]
    fn nist(multi_factor: bool) -> Self {
        Self {
            inner: Policy::nist(multi_factor),
            recipe: Recipe::Nist(multi_factor),
            breach_filter: None,
        }
    }

    /// A transaction PIN: exactly ``length`` ASCII digits; refuses runs of 4
    /// equal or consecutive digits, repeated patterns and common PINs.
    ///
    /// Args:
    ///     length: From 4 to 12.
    ///
    /// Returns:
    ///     PasswordPolicy: The preset.
    ///
    /// Raises:
    ///     TypeError: ``length`` outside 4 to 12.
    #[staticmethod]
    #[pyo3(signature = (length = UInt(Policy::DEFAULT_PIN_LENGTH)), text_signature = "(length=6)")]
    fn pin(length: UInt<usize>) -> PyResult<Self> {
        Self::make(Recipe::Pin(length.0), None)
    }

    /// This policy, also refusing passwords found in ``breach_filter``.
    ///
    /// Args:
    ///     breach_filter: A loaded filter (shared, not copied).
    ///
    /// Returns:
    ///     PasswordPolicy: A new policy.
    fn with_breach_filter(&self, breach_filter: Bound<'_, PyBreachFilter>) -> Self {
        Self {
            inner: self
                .inner
                .clone()
                .with_breach_filter(Arc::clone(&breach_filter.get().inner)),
            recipe: self.recipe.clone(),
            breach_filter: Some(breach_filter.unbind()),
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
    ///
    /// Args:
    ///     password: ``str``, or ``bytes`` holding UTF-8.
    ///     context: Words the password must not contain: name, surnames,
    ///         user id or ID number, e-mail, service name (case- and
    ///         accent-insensitive; words under 3 characters ignored).
    ///     previous_hash: The stored hash of the previous password; if given,
    ///         the password is also checked against it (code ``reused``),
    ///         with the GIL released. Verified by a default
    ///         ``PasswordHasher`` unless ``hasher`` is given.
    ///     hasher: The service's ``PasswordHasher`` (with its pepper and
    ///         limits), used to verify ``previous_hash``.
    ///
    /// Returns:
    ///     list[Violation]: In a fixed order.
    ///
    /// Raises:
    ///     InvalidInput: ``bytes`` that are not UTF-8, or a
    ///         ``previous_hash`` that cannot be checked.
    #[pyo3(signature = (password, context = None, previous_hash = None, hasher = None))]
    fn check(
        &self,
        py: Python<'_>,
        password: &Bound<'_, PyAny>,
        context: Option<Vec<String>>,
        previous_hash: Option<String>,
        hasher: Option<Bound<'_, PyPasswordHasher>>,
    ) -> PyResult<Vec<PyViolation>> {
        let password = password_text(password)?;
        let context = context.unwrap_or_default();
        let context: Vec<&str> = context.iter().map(String::as_str).collect();
        let violations = match previous_hash {
            None => self.inner.check(password.expose(), &context),
            // The Rust check, so Python gets exactly its answers (a password
            // over the hasher's limit is "too_long", not an exception).
            Some(phc) => {
                let default_hasher;
                let hasher = match &hasher {
                    Some(h) => h.get().hasher(),
                    None => {
                        default_hasher = PasswordHasher::default();
                        &default_hasher
                    }
                };
                py.detach(|| {
                    self.inner
                        .check_with_previous(password.expose(), &context, hasher, &phc)
                })
                .into_py_result()?
            }
        };
        Ok(violations
            .into_iter()
            .map(|inner| PyViolation { inner })
            .collect())
    }

    /// :meth:`check` for every password of a column, in parallel with the
    /// GIL released, in chunks (Ctrl-C raises ``KeyboardInterrupt`` between
    /// them).
    ///
    /// Args:
    ///     passwords: a column of ``str`` or UTF-8 ``bytes`` (list, numpy
    ///         object array, pandas Series, pyarrow array).
    ///     context: None, or a column of the same length holding, for each
    ///         password, a list of context words (or None): the holder's
    ///         name, surnames, ID number, as for :meth:`check`.
    ///     progress: called as ``progress(done, total)`` after each chunk.
    ///
    /// Returns:
    ///     list[list[Violation]]: one list per password, in order, as
    ///     :meth:`check` returns it.
    ///
    /// Raises:
    ///     InvalidInput: an item that is not str or UTF-8 bytes, or a context
    ///         entry that is not a list of str (the message names its index);
    ///         columns of different lengths.
    ///
    /// .. versionadded:: 0.2.0
    #[pyo3(signature = (passwords, context = None, *, progress = None))]
    fn check_many(
        &self,
        py: Python<'_>,
        passwords: &Bound<'_, PyAny>,
        context: Option<&Bound<'_, PyAny>>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<Vec<PyViolation>>> {
        let passwords = crate::runtime::iterate(passwords)?
            .enumerate()
            .map(|(i, p)| {
                password_text(&p?)
                    .map_err(|e| crate::runtime::at_item(py, e, &format!("passwords[{i}]: ")))
            })
            .collect::<PyResult<Vec<_>>>()?;
        let contexts: Vec<Vec<String>> = match context {
            None => vec![Vec::new(); passwords.len()],
            Some(column) => {
                let words = crate::runtime::iterate(column)?
                    .enumerate()
                    .map(|(i, c)| context_words(&c?, i))
                    .collect::<PyResult<Vec<_>>>()?;
                if words.len() != passwords.len() {
                    return Err(invalid_input(format!(
                        "passwords and context differ in length ({}, {})",
                        passwords.len(),
                        words.len()
                    )));
                }
                words
            }
        };
        let items: Vec<(&str, &[String])> = passwords
            .iter()
            .zip(&contexts)
            .map(|(p, c)| (p.expose(), c.as_slice()))
            .collect();
        let results = crate::runtime::chunked(py, &items, progress, |chunk| {
            Ok(self.inner.check_many(chunk))
        })?;
        Ok(results
            .into_iter()
            .map(|violations| {
                violations
                    .into_iter()
                    .map(|inner| PyViolation { inner })
                    .collect()
            })
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

/// The context words of row `i` of a `check_many` context column: a list
/// (or tuple, or numpy array) of str, or None. A bare str is refused: it
/// would otherwise be read as one word per character.
fn context_words(entry: &Bound<'_, PyAny>, i: usize) -> PyResult<Vec<String>> {
    if entry.is_none() {
        return Ok(Vec::new());
    }
    let bad = || invalid_input(format!("context[{i}] must be a list of str or None"));
    if entry.is_instance_of::<PyString>() || entry.is_instance_of::<PyBytes>() {
        return Err(bad());
    }
    entry
        .try_iter()
        .map_err(|_| bad())?
        .map(|w| w?.extract::<String>().map_err(|_| bad()))
        .collect()
}

/// Validates a national ID number and returns its normalised form.
///
/// Args:
///     value: The number as typed (spaces, ``-`` and ``.`` are removed,
///         letters uppercased).
///     country: ``"ES"`` (DNI or NIE, check letter), ``"SA"`` (national ID or
///         Iqama, Luhn check digit) or ``"JO"`` (national number, 10 digits).
///
/// Returns:
///     str: The compact form, such as ``"12345678Z"``.
///
/// Raises:
///     InvalidInput: Wrong length or characters, wrong check letter or digit,
///         or an unsupported country.
///
/// .. versionadded:: 0.1.0
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
