//! Contact photos, for the app and the central service alike: an untrusted
//! file in, a small JPEG without any metadata out ([`process`]).
//!
//! Why each step:
//! - **Size first**: more than [`MAX_INPUT_BYTES`] is refused before any
//!   decoding (the service has its own, smaller request limit).
//! - **Format from the content**, never from a file name or a declared type:
//!   the first bytes say JPEG, PNG or WebP, or the file is refused — an SVG
//!   (a drawing that can carry scripts and links) and anything else alike.
//! - **Limits against decompression bombs**: the dimensions a file declares
//!   are checked against [`MAX_SIDE_IN`] and [`MAX_PIXELS_IN`] before its
//!   pixels are decoded, and the decoder runs with `image::Limits` (width,
//!   height, [`MAX_ALLOC`]), so a small file declaring 60,000 × 60,000
//!   pixels costs nothing.
//! - **Re-encoding strips metadata**: only the pixels survive (turned the way
//!   the camera's EXIF orientation says, then scaled to fit
//!   [`MAX_SIDE`] × [`MAX_SIDE`]); the JPEG written has no EXIF, GPS, XMP,
//!   ICC or comment. Transparent parts are laid on white.
//! - **Content address**: a photo is named by the SHA-256 of the JPEG
//!   ([`Photo::sha256`]); the service stores and serves it under that name.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::error::LimitErrorKind;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, RgbImage};
use sha2::{Digest, Sha256};

/// Largest file accepted before decoding (bytes).
pub const MAX_INPUT_BYTES: usize = 20 * 1024 * 1024;
/// Longest side a file may declare.
pub const MAX_SIDE_IN: u32 = 12_000;
/// Most pixels a file may declare (a 48-megapixel phone photo fits).
pub const MAX_PIXELS_IN: u64 = 50_000_000;
/// Most memory the decoder may take.
pub const MAX_ALLOC: u64 = 256 * 1024 * 1024;
/// Longest side of the stored photo.
pub const MAX_SIDE: u32 = 512;
/// JPEG quality of the stored photo.
pub const JPEG_QUALITY: u8 = 85;

/// Why a file is not accepted as a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Larger than [`MAX_INPUT_BYTES`].
    TooLarge,
    /// Not an image at all (text, a document, an empty file).
    NotAnImage,
    /// An SVG drawing: not accepted as a photo.
    Svg,
    /// An image, but not JPEG, PNG or WebP (GIF, BMP, TIFF, …).
    UnsupportedFormat,
    /// Declares more pixels than allowed (also: a decompression bomb).
    TooManyPixels,
    /// A JPEG, PNG or WebP whose content is broken.
    Damaged,
}

impl Refusal {
    /// A Dutch sentence for logs and the service's answers.
    pub fn dutch(self) -> &'static str {
        match self {
            Refusal::TooLarge => "Het bestand is te groot voor een foto (hoogstens 20 MB).",
            Refusal::NotAnImage => {
                "Dit bestand is geen afbeelding. Kies een JPEG-, PNG- of WebP-foto."
            }
            Refusal::Svg => {
                "Een SVG-tekening kan geen foto zijn. Kies een JPEG-, PNG- of WebP-foto."
            }
            Refusal::UnsupportedFormat => {
                "Dit soort afbeelding wordt niet ondersteund. Kies een JPEG-, PNG- of WebP-foto."
            }
            Refusal::TooManyPixels => {
                "De afbeelding heeft te veel pixels (hoogstens 50 megapixel)."
            }
            Refusal::Damaged => "De afbeelding is beschadigd en kan niet worden gelezen.",
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.dutch())
    }
}

impl std::error::Error for Refusal {}

/// A processed photo: a baseline JPEG of at most [`MAX_SIDE`] pixels a side,
/// without metadata.
#[derive(Clone, PartialEq, Eq)]
pub struct Photo {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

impl std::fmt::Debug for Photo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Photo")
            .field("bytes", &self.jpeg.len())
            .field("width", &self.width)
            .field("height", &self.height)
            .finish()
    }
}

impl Photo {
    /// The photo's name: the SHA-256 of its JPEG, 64 lower-case hex digits.
    pub fn sha256(&self) -> String {
        sha256_hex(&self.jpeg)
    }
}

/// SHA-256 of `bytes`, 64 lower-case hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Decodes `bytes` within the limits, turns, scales and re-encodes them.
pub fn process(bytes: &[u8]) -> Result<Photo, Refusal> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Refusal::TooLarge);
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| Refusal::NotAnImage)?;
    match reader.format() {
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) => {}
        Some(_) => return Err(Refusal::UnsupportedFormat),
        None if looks_like_svg(bytes) => return Err(Refusal::Svg),
        None => return Err(Refusal::NotAnImage),
    }
    let mut reader = reader;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE_IN);
    limits.max_image_height = Some(MAX_SIDE_IN);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 {
        return Err(Refusal::Damaged);
    }
    if w > MAX_SIDE_IN || h > MAX_SIDE_IN || u64::from(w) * u64::from(h) > MAX_PIXELS_IN {
        return Err(Refusal::TooManyPixels);
    }
    // A missing or unreadable orientation tag means "as stored".
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    img.apply_orientation(orientation);
    if img.width() > MAX_SIDE || img.height() > MAX_SIDE {
        img = img.resize(MAX_SIDE, MAX_SIDE, FilterType::Triangle);
    }
    let rgb = on_white(&img);
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|_| Refusal::Damaged)?;
    Ok(Photo {
        jpeg,
        width: rgb.width(),
        height: rgb.height(),
    })
}

fn refusal(e: ImageError) -> Refusal {
    match e {
        ImageError::Limits(l) => match l.kind() {
            LimitErrorKind::DimensionError | LimitErrorKind::InsufficientMemory => {
                Refusal::TooManyPixels
            }
            _ => Refusal::Damaged,
        },
        ImageError::Unsupported(_) => Refusal::UnsupportedFormat,
        _ => Refusal::Damaged,
    }
}

/// The image as RGB, transparent parts laid on white (JPEG has no alpha).
fn on_white(img: &DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.to_rgb8();
    }
    let rgba = img.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let p = rgba.get_pixel(x, y).0;
        let a = u16::from(p[3]);
        let mix = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])])
    })
}

/// Whether the start of `bytes` is an SVG document (XML with an `<svg`
/// element), so the refusal can say so.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    (trimmed.starts_with('<')) && text.contains("<svg")
}

#[cfg(test)]
mod tests;
