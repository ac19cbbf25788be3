//! Files made here byte by byte where the point is what they declare (a
//! bomb's header, an EXIF segment), with the `image` encoders otherwise.

use super::*;
use image::{ImageEncoder, Rgba, RgbaImage};

fn png(w: u32, h: u32, pixel: Rgba<u8>) -> Vec<u8> {
    let img = RgbaImage::from_pixel(w, h, pixel);
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, _| image::Rgb([(x % 256) as u8, 80, 160]));
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img)
        .unwrap();
    out
}

/// A little-endian TIFF block with one IFD: orientation, and an ASCII tag
/// standing in for GPS data (its text must not survive).
fn exif_segment(orientation: u16) -> Vec<u8> {
    let marker = b"GPS 52.0907 5.1214\0";
    let mut tiff = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(2u16.to_le_bytes()); // two entries
    tiff.extend(0x0112u16.to_le_bytes()); // Orientation, SHORT, 1
    tiff.extend(3u16.to_le_bytes());
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(u32::from(orientation).to_le_bytes());
    tiff.extend(0x010Eu16.to_le_bytes()); // ImageDescription, ASCII
    tiff.extend(2u16.to_le_bytes());
    tiff.extend((marker.len() as u32).to_le_bytes());
    tiff.extend((8 + 2 + 2 * 12 + 4u32).to_le_bytes());
    tiff.extend(0u32.to_le_bytes()); // no next IFD
    tiff.extend(marker);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut seg = vec![0xFF, 0xE1];
    seg.extend(((app1.len() + 2) as u16).to_be_bytes());
    seg.extend(app1);
    seg
}

fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec(); // SOI
    out.extend(exif_segment(orientation));
    out.extend(&jpeg[2..]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend(data);
    out.extend(&body);
    out.extend(crc32(&body).to_be_bytes());
    out
}

/// A valid PNG header declaring `w` × `h` pixels, and a few bytes of data.
pub(crate) fn bomb_png(w: u32, h: u32) -> Vec<u8> {
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]); // 8-bit RGB
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &ihdr));
    out.extend(chunk(
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    out.extend(chunk(b"IEND", &[]));
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_large_photo_is_scaled_to_fit_and_becomes_a_jpeg() {
    let photo = process(&png(2000, 1000, Rgba([10, 20, 30, 255]))).unwrap();
    assert_eq!((photo.width, photo.height), (512, 256));
    assert_eq!(&photo.jpeg[..3], &[0xFF, 0xD8, 0xFF]);
    let back = image::load_from_memory(&photo.jpeg).unwrap();
    assert_eq!((back.width(), back.height()), (512, 256));
}

#[test]
fn a_small_photo_keeps_its_size() {
    let photo = process(&jpeg(40, 30)).unwrap();
    assert_eq!((photo.width, photo.height), (40, 30));
}

#[test]
fn exif_is_dropped_and_its_orientation_applied() {
    let input = with_exif(&jpeg(40, 20), 6); // rotate 90° clockwise
    assert!(contains(&input, b"GPS 52.0907"));
    let photo = process(&input).unwrap();
    assert!(!contains(&photo.jpeg, b"Exif"), "no EXIF segment");
    assert!(!contains(&photo.jpeg, b"GPS 52.0907"));
    assert!(!contains(&photo.jpeg, &[0xFF, 0xE1]), "no APP1 segment");
    assert_eq!((photo.width, photo.height), (20, 40), "turned upright");
}

#[test]
fn transparent_parts_become_white() {
    let photo = process(&png(8, 8, Rgba([0, 0, 0, 0]))).unwrap();
    let back = image::load_from_memory(&photo.jpeg).unwrap().to_rgb8();
    assert!(
        back.pixels().all(|p| p.0.iter().all(|&c| c > 245)),
        "white, not black"
    );
}

#[test]
fn what_is_not_a_photo_is_refused_with_its_reason() {
    assert_eq!(
        process(b"Beste Jan,\nhier de notulen.").unwrap_err(),
        Refusal::NotAnImage
    );
    assert_eq!(process(b"").unwrap_err(), Refusal::NotAnImage);
    let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>"#;
    assert_eq!(process(svg).unwrap_err(), Refusal::Svg);
    assert_eq!(
        process(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;").unwrap_err(),
        Refusal::UnsupportedFormat
    );
    let jpeg = jpeg(40, 30);
    assert_eq!(
        process(&jpeg[..jpeg.len() / 2]).unwrap_err(),
        Refusal::Damaged
    );
}

#[test]
fn a_decompression_bomb_is_refused_before_decoding() {
    let bomb = bomb_png(60_000, 60_000);
    assert!(bomb.len() < 100);
    assert_eq!(process(&bomb).unwrap_err(), Refusal::TooManyPixels);
    // Within the side limit, over the pixel count.
    assert_eq!(
        process(&bomb_png(10_000, 10_000)).unwrap_err(),
        Refusal::TooManyPixels
    );
}

#[test]
fn a_file_over_the_byte_limit_is_refused_unread() {
    let mut big = jpeg(16, 16);
    big.resize(MAX_INPUT_BYTES + 1, 0);
    assert_eq!(process(&big).unwrap_err(), Refusal::TooLarge);
}

#[test]
fn the_name_is_the_sha256_of_the_jpeg() {
    let photo = process(&jpeg(16, 16)).unwrap();
    let name = photo.sha256();
    assert_eq!(name.len(), 64);
    assert!(name
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    assert_eq!(name, sha256_hex(&photo.jpeg));
}
