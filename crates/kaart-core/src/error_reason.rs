//! What exactly went wrong, as a key with parameters: the part of an error
//! the window words in its own catalogue (`ui/messages/{nl,en}.json`), so an
//! error reads in the language the manager chose. Each reason also has its
//! Dutch sentence here ([`ErrorReason::dutch`]), which becomes the error's
//! `message`: for logs, the command-line tool and the tests, and for the
//! window only where a reason has no wording of its own ([`ErrorReason::Unworded`]).
//!
//! Parameters are names of fields, rule codes, limits and counts, and for a
//! sign-up form rule the form question's label (written by the manager, the
//! same words the Dutch message names); never answers or other personal
//! data, nor tokens.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Why an export file could not be saved in the chosen folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SaveFailure {
    /// No permission to write in that folder.
    NoPermission,
    /// The folder does not exist.
    NoFolder,
    /// Anything else while writing (a full disk, a removed drive).
    WriteFailed,
}

/// Why a file was not taken as a contact photo (see `kaart_photo::Refusal`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PhotoRefusal {
    /// The file could not be read (gone, no permission).
    Unreadable,
    /// Larger than `kaart_photo::MAX_INPUT_BYTES` (20 MB).
    TooLarge,
    /// Not an image at all.
    NotAnImage,
    /// An SVG drawing.
    Svg,
    /// An image, but not JPEG, PNG or WebP.
    UnsupportedFormat,
    /// Declares too many pixels (also: a decompression bomb).
    TooManyPixels,
    /// A JPEG, PNG or WebP whose content is broken.
    Damaged,
}

impl From<kaart_photo::Refusal> for PhotoRefusal {
    fn from(r: kaart_photo::Refusal) -> Self {
        use kaart_photo::Refusal as R;
        match r {
            R::TooLarge => PhotoRefusal::TooLarge,
            R::NotAnImage => PhotoRefusal::NotAnImage,
            R::Svg => PhotoRefusal::Svg,
            R::UnsupportedFormat => PhotoRefusal::UnsupportedFormat,
            R::TooManyPixels => PhotoRefusal::TooManyPixels,
            R::Damaged => PhotoRefusal::Damaged,
        }
    }
}

/// What went wrong, in enough detail for the UI to word it. `kind` is the
/// key (`snake_case`); variants with fields carry the parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ErrorReason {
    // ----- the local store and the keyring -----
    KeyringUnavailable,
    StoreKeyMissing,
    StoreKeyWrong,
    StoreTooNew,
    StoreUnreadable,
    /// The local data were asked to be set aside, but they are readable.
    StoreReadable,
    NotFound,
    /// Work on another thread did not finish.
    Interrupted,
    // ----- signing in and the central service -----
    SignInFirst,
    WrongCredentials,
    ServiceUnreachable,
    SessionExpired,
    ResyncRequired,
    /// The embedded demo service did not start.
    DemoServiceFailed,
    /// Signing in to the embedded demo service failed, because of `cause`.
    DemoSignInFailed {
        cause: Box<ErrorReason>,
    },
    // ----- edits refused before they are queued -----
    KindNotCreatable,
    KindNotDeletable,
    IdExists,
    OrganizationMissing,
    OrganizationNotManaged,
    /// A field that may not be changed was sent; `field` is its name.
    FieldNotEditable {
        field: String,
    },
    InvalidValues,
    InvalidValue,
    InvalidDate,
    NoCheckDate,
    /// A conflict about a deleted record was answered with an edit.
    DeletedNeedsChoice,
    CannotRecreate,
    /// A queued edit that may already have been sent cannot be thrown away.
    EditMayBeSent,
    UnsortableColumn,
    /// Deleting all sign-ups before the activity has ended.
    ActivityNotOver,
    /// A record broke one of the shared validation rules (`kaart_api::validate`):
    /// `rule` is its machine code (`required`, `invalid_postcode`, …). The
    /// Dutch wording with its details (lengths, labels) is in the message.
    FieldRule {
        rule: String,
        /// The details the Dutch wording names, by name: `max` (a length or
        /// count limit), `label` (a sign-up form question), `check` (the
        /// question is a tick box). Empty for rules without details.
        #[serde(default)]
        params: BTreeMap<String, String>,
    },
    /// "Start with the computer" could not be switched on or off.
    AutostartNotSet,
    /// A file was not taken as a contact photo; nothing changed.
    PhotoRefused {
        cause: PhotoRefusal,
    },
    // ----- exports -----
    ExportCancelled,
    ExportTooManyRows,
    ExportTooManySignups,
    ExportAnswerTooLong,
    ExportExcelFailed,
    ExportNotSaved {
        cause: SaveFailure,
    },
    /// A message that has no key: those of the central service (Dutch by
    /// contract, `kaart_api::error`) and of the command-line tool. The UI
    /// shows the error's `message` as it is.
    Unworded,
}

impl ErrorReason {
    /// The Dutch sentence for this reason. `Unworded` and `FieldRule` have
    /// none of their own: their text comes with the error.
    pub fn dutch(&self) -> String {
        use ErrorReason as R;
        let text = match self {
            R::KeyringUnavailable => "De sleutelbos van het systeem is niet bereikbaar of vergrendeld. Ontgrendel de sleutelbos en probeer het opnieuw.",
            R::StoreKeyMissing => "De sleutel van de lokale gegevens ontbreekt in de sleutelbos. De bestaande gegevens zijn niet aangeraakt.",
            R::StoreKeyWrong => "De sleutel in de sleutelbos past niet bij de lokale gegevens. De bestaande gegevens zijn niet aangeraakt.",
            R::StoreTooNew => "De lokale gegevens zijn gemaakt door een nieuwere versie van Kaartbeheer. Werk de app bij; de gegevens zijn niet aangeraakt.",
            R::StoreUnreadable => "De lokale gegevens konden niet worden gelezen of bijgewerkt.",
            R::StoreReadable => "De lokale gegevens zijn gewoon leesbaar; er is niets opzij te zetten.",
            R::NotFound => "Dit gegeven bestaat niet (meer).",
            R::Interrupted => "Er ging iets onverwacht mis. Wat al was opgeslagen, is bewaard; probeer het opnieuw.",
            R::SignInFirst => "Log eerst in.",
            R::WrongCredentials => "De gebruikersnaam of het wachtwoord klopt niet.",
            R::ServiceUnreachable => "De centrale dienst is niet bereikbaar. Je kunt gewoon doorwerken; wijzigingen gaan later mee.",
            R::SessionExpired => "Je sessie is verlopen of de inloggegevens kloppen niet.",
            R::ResyncRequired => "De gegevens moeten opnieuw volledig worden opgehaald.",
            R::DemoServiceFailed => "De ingebouwde demodienst kon niet starten. Sluit andere vensters van Kaartbeheer en probeer het opnieuw.",
            R::DemoSignInFailed { cause } => {
                return format!(
                    "Inloggen bij de ingebouwde demodienst is mislukt. {} Sluit Kaartbeheer en start het opnieuw.",
                    cause.dutch()
                )
            }
            R::KindNotCreatable => "Dit soort gegeven kan hier niet worden aangemaakt.",
            R::KindNotDeletable => "Dit soort gegeven kan hier niet worden verwijderd.",
            R::IdExists => "Er bestaat al een gegeven met dit id.",
            R::OrganizationMissing => "De organisatie ontbreekt.",
            R::OrganizationNotManaged => "Je beheert deze organisatie niet.",
            R::FieldNotEditable { field } => {
                return format!("Het veld '{field}' kan niet worden gewijzigd.")
            }
            R::InvalidValues => "Een of meer velden hebben een ongeldige waarde.",
            R::InvalidValue => "Ongeldige waarde.",
            R::InvalidDate => "Ongeldige datum.",
            R::NoCheckDate => "Dit soort gegeven heeft geen controledatum.",
            R::DeletedNeedsChoice => "Kies bij een verwijderd gegeven tussen jouw versie en die van de centrale dienst.",
            R::EditMayBeSent => "Deze wijziging is mogelijk al verstuurd en kan niet meer worden weggegooid.",
            R::CannotRecreate => "Dit gegeven kan niet opnieuw worden aangemaakt.",
            R::UnsortableColumn => "Op deze kolom kan niet worden gesorteerd.",
            R::ActivityNotOver => "Aanmeldingen kunnen pas allemaal worden verwijderd als de activiteit voorbij is.",
            R::AutostartNotSet => "Kaartbeheer kon niet instellen of het met de computer start. Probeer het opnieuw.",
            R::PhotoRefused { cause } => {
                let why = match cause {
                    PhotoRefusal::Unreadable => "Het bestand kon niet worden gelezen.",
                    PhotoRefusal::TooLarge => "Het bestand is te groot (hoogstens 20 MB).",
                    PhotoRefusal::NotAnImage => "Het bestand is geen afbeelding.",
                    PhotoRefusal::Svg => "Een SVG-tekening kan geen foto zijn.",
                    PhotoRefusal::UnsupportedFormat => "Dit soort afbeelding wordt niet ondersteund.",
                    PhotoRefusal::TooManyPixels => "De afbeelding heeft te veel pixels (hoogstens 50 megapixel).",
                    PhotoRefusal::Damaged => "De afbeelding is beschadigd.",
                };
                return format!(
                    "Deze foto is niet gebruikt. {why} Kies een JPEG-, PNG- of WebP-foto; er is niets veranderd."
                );
            }
            R::ExportCancelled => "De export is afgebroken; er is geen bestand gemaakt.",
            R::ExportTooManyRows => "Te veel rijen voor één werkblad.",
            R::ExportTooManySignups => "Te veel aanmeldingen voor één Excel-werkblad.",
            R::ExportAnswerTooLong => "Een antwoord is te lang voor een Excel-cel (meer dan 32.767 tekens).",
            R::ExportExcelFailed => "Het Excel-bestand kon niet worden gemaakt.",
            R::ExportNotSaved { cause } => {
                let what = match cause {
                    SaveFailure::NoPermission => "U hebt geen schrijfrechten in die map.",
                    SaveFailure::NoFolder => "Die map bestaat niet.",
                    SaveFailure::WriteFailed => "Er ging iets mis bij het schrijven.",
                };
                return format!(
                    "Het exportbestand kon niet worden opgeslagen. {what} Kies een andere map; er is niets veranderd."
                );
            }
            R::FieldRule { .. } | R::Unworded => "",
        };
        text.to_owned()
    }
}

impl std::fmt::Display for ErrorReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.dutch())
    }
}
