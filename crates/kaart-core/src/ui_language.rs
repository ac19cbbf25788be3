//! The language the window speaks, as the manager chose it: Dutch unless
//! English was chosen. It is kept in a small plain file in the app's data
//! folder (`ui-language`), not in the encrypted store, because the window
//! needs it before sign-in and also when the store cannot be opened (the
//! start-up error then reads in the chosen language). It is a preference,
//! not personal data.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::CoreResult;

/// The file in the data folder that holds the choice.
pub const FILE_NAME: &str = "ui-language";

/// A language the window can speak.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum UiLanguage {
    /// Dutch, the default.
    #[default]
    Nl,
    En,
}

impl UiLanguage {
    fn as_str(self) -> &'static str {
        match self {
            UiLanguage::Nl => "nl",
            UiLanguage::En => "en",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "nl" => Some(UiLanguage::Nl),
            "en" => Some(UiLanguage::En),
            _ => None,
        }
    }
}

/// The chosen language in `data_dir`; Dutch when none was chosen or the
/// file cannot be read (a preference is not worth a start-up error).
pub fn load(data_dir: &Path) -> UiLanguage {
    std::fs::read_to_string(data_dir.join(FILE_NAME))
        .ok()
        .and_then(|text| UiLanguage::parse(&text))
        .unwrap_or_default()
}

/// Keeps `language` in `data_dir`, replacing the file whole (a crash never
/// leaves half a choice).
pub fn save(data_dir: &Path, language: UiLanguage) -> CoreResult<()> {
    std::fs::create_dir_all(data_dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(data_dir)?;
    tmp.write_all(language.as_str().as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(data_dir.join(FILE_NAME)).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_until_english_is_chosen_and_the_choice_is_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(load(dir.path()), UiLanguage::Nl);
        save(dir.path(), UiLanguage::En).expect("saved");
        assert_eq!(load(dir.path()), UiLanguage::En);
        save(dir.path(), UiLanguage::Nl).expect("saved");
        assert_eq!(load(dir.path()), UiLanguage::Nl);
    }

    #[test]
    fn an_unreadable_choice_is_dutch() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(FILE_NAME), "fr").expect("written");
        assert_eq!(load(dir.path()), UiLanguage::Nl);
    }
}
