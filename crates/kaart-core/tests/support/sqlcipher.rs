//! Reading an encrypted store's files the way SQLCipher writes them, to
//! check that removed personal data left no bytes behind: every page of the
//! database file and every page image in its write-ahead log, decrypted
//! with the store's key.

use std::path::Path;

use aes::cipher::{BlockDecryptMut, KeyIvInit};

type Aes256CbcDec = cbc::Decryptor<aes::Aes256>;

/// SQLCipher 4's page layout with its defaults: 4096-byte pages ending in a
/// 16-byte IV and a 64-byte HMAC; page 1 starts with the 16-byte salt.
const PAGE: usize = 4096;
const RESERVE: usize = 80;

fn decrypt_page(key: &[u8; 32], page: &[u8], first: bool) -> Vec<u8> {
    let start = if first { 16 } else { 0 };
    let end = PAGE - RESERVE;
    let iv: [u8; 16] = page[end..end + 16].try_into().unwrap();
    let mut data = page[start..end].to_vec();
    Aes256CbcDec::new(key.into(), &iv.into())
        .decrypt_padded_mut::<aes::cipher::block_padding::NoPadding>(&mut data)
        .unwrap();
    data
}

/// Every page of the database file and every page image in its WAL,
/// decrypted.
pub fn plaintext_pages(db: &Path, key_hex: &str) -> Vec<Vec<u8>> {
    let key: [u8; 32] = hex_key(key_hex);
    let mut pages = Vec::new();
    let file = std::fs::read(db).unwrap();
    for (i, page) in file.chunks_exact(PAGE).enumerate() {
        pages.push(decrypt_page(&key, page, i == 0));
    }
    let wal = std::fs::read(format!("{}-wal", db.display())).unwrap_or_default();
    // WAL: a 32-byte header, then frames of a 24-byte header and a page.
    if wal.len() > 32 {
        for frame in wal[32..].chunks_exact(24 + PAGE) {
            let number = u32::from_be_bytes(frame[0..4].try_into().unwrap());
            pages.push(decrypt_page(&key, &frame[24..], number == 1));
        }
    }
    pages
}

fn hex_key(key_hex: &str) -> [u8; 32] {
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&key_hex[2 * i..2 * i + 2], 16).unwrap();
    }
    key
}

pub fn bytes_hold(pages: &[Vec<u8>], needle: &str) -> bool {
    pages
        .iter()
        .any(|p| p.windows(needle.len()).any(|w| w == needle.as_bytes()))
}
