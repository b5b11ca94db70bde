//! Rendering QR text as a QR code in SVG (feature `qr`).
//!
//! credkit QR text uses only the QR alphanumeric character set (`CK1:` and
//! the Base45 alphabet, RFC 9285 §4), so it is encoded as one alphanumeric
//! segment (5.5 bits per character), at error correction level Q (about 25%
//! of the code words recoverable: a printed or on-screen code survives
//! scratches and glare), in the smallest QR version that holds it.

use qrcode::bits::Bits;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode, Version};

use super::CredentialError;

/// A QR code rendered as SVG.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrSvg {
    svg: String,
    version: u8,
    modules: usize,
}

impl QrSvg {
    /// The SVG document.
    #[must_use]
    pub fn svg(&self) -> &str {
        &self.svg
    }

    /// The QR version (1 to 40) that holds the text.
    #[must_use]
    pub fn version(&self) -> u8 {
        self.version
    }

    /// Modules per side, without the quiet zone (`17 + 4·version`).
    #[must_use]
    pub fn modules(&self) -> usize {
        self.modules
    }
}

fn is_alphanumeric(c: u8) -> bool {
    matches!(c, b'0'..=b'9' | b'A'..=b'Z' | b' ' | b'$' | b'%' | b'*' | b'+' | b'-' | b'.' | b'/' | b':')
}

/// Renders `qr_text` as a QR code (alphanumeric mode, error correction Q,
/// smallest version) in SVG, each module `module_px` pixels wide, with the
/// standard 4-module quiet zone.
///
/// # Errors
/// [`CredentialError::QrTextNotAlphanumeric`] if the text has a character
/// outside the QR alphanumeric set (`0`–`9`, `A`–`Z`, space and
/// `$%*+-./:`; credkit QR text is always within it, lowercase is not);
/// [`CredentialError::ParameterInvalid`] if `module_px` is 0 or above 100;
/// [`CredentialError::CredentialTooLarge`] if it does not fit in a version
/// 40 QR code at level Q.
pub fn qr_svg(qr_text: &str, module_px: u32) -> Result<QrSvg, CredentialError> {
    let data = qr_text.as_bytes();
    if !data.iter().all(|&c| is_alphanumeric(c)) {
        return Err(CredentialError::QrTextNotAlphanumeric);
    }
    if module_px == 0 || module_px > 100 {
        return Err(CredentialError::ParameterInvalid);
    }
    for v in 1..=40i16 {
        let mut bits = Bits::new(Version::Normal(v));
        if bits.push_alphanumeric_data(data).is_err() || bits.push_terminator(EcLevel::Q).is_err() {
            continue;
        }
        let code =
            QrCode::with_bits(bits, EcLevel::Q).map_err(|_| CredentialError::CredentialTooLarge)?;
        let svg = code
            .render::<svg::Color<'_>>()
            .module_dimensions(module_px, module_px)
            .quiet_zone(true)
            .build();
        return Ok(QrSvg {
            svg,
            version: u8::try_from(v).map_err(|_| CredentialError::CredentialTooLarge)?,
            modules: code.width(),
        });
    }
    Err(CredentialError::CredentialTooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smallest_version_is_chosen() {
        // Version 1-Q holds 16 alphanumeric characters (ISO/IEC 18004 Table 7).
        let qr = qr_svg("CK1:0123456789AB", 4).expect("fits");
        assert_eq!((qr.version(), qr.modules()), (1, 21));
        assert!(qr.svg().starts_with("<?xml"));
        let qr = qr_svg("CK1:0123456789ABC", 4).expect("fits");
        assert_eq!(qr.version(), 2);
    }

    #[test]
    fn capacity_and_charset() {
        // Version 40-Q holds 2420 alphanumeric characters (ISO/IEC 18004 Table 7).
        let qr = qr_svg(&"A".repeat(2420), 1).expect("fits");
        assert_eq!((qr.version(), qr.modules()), (40, 177));
        assert_eq!(
            qr_svg(&"A".repeat(2421), 1),
            Err(CredentialError::CredentialTooLarge)
        );
        assert_eq!(
            qr_svg("ck1:", 1),
            Err(CredentialError::QrTextNotAlphanumeric)
        );
        // Review finding: this reported "parameter is out of range".
        let lowercase = qr_svg("CK1:abc", 4).expect_err("lowercase is not alphanumeric");
        assert_eq!(lowercase, CredentialError::QrTextNotAlphanumeric);
        assert!(lowercase.to_string().contains("alphanumeric"));
        assert_eq!(qr_svg("CK1:ABC", 0), Err(CredentialError::ParameterInvalid));
    }
}
