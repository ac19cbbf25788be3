//! The formula-defusing rule for CSV cells (OWASP "CSV injection"), the one
//! rule the README documents: a text cell that starts with `=`, `+`, `-`,
//! `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet
//! shows it as text instead of evaluating it. Left as typed: text made only
//! of a sign, digits, spaces and `+ - . , ( ) /` (a number or a phone
//! number such as `+31 6 12345678`): without letters, `@`, `=` or quotes it
//! can name no function, reference or link, so it cannot evaluate to
//! anything harmful.
//!
//! `.xlsx` does not need this: its cells are written as text (or numbers and
//! dates), never as formulas.

use std::borrow::Cow;

/// `text` as it goes into a CSV cell (see the module docs).
pub fn defuse(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if !is_inert_number(text) => {
            Cow::Owned(format!("'{text}"))
        }
        _ => Cow::Borrowed(text),
    }
}

/// A number or phone number: a leading `+` or `-`, then at least one digit
/// and nothing but digits, spaces and `+ - . , ( ) /`.
fn is_inert_number(text: &str) -> bool {
    let rest = text.strip_prefix(['+', '-']).unwrap_or(text);
    rest.chars().any(|c| c.is_ascii_digit())
        && rest.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '.' | ',' | '(' | ')' | '/')
        })
}

#[cfg(test)]
mod tests {
    use super::defuse;

    #[test]
    fn formulas_are_made_inert() {
        for (given, out) in [
            ("=1+1", "'=1+1"),
            ("+SUM(A1)", "'+SUM(A1)"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\r=1", "'\r=1"),
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("-", "'-"),
        ] {
            assert_eq!(defuse(given), out, "{given:?}");
        }
    }

    #[test]
    fn numbers_and_plain_text_stay_as_typed() {
        for given in [
            "+31 6 12345678",
            "-12,5",
            "+31 (0)70-1234567",
            "Jan = Piet",
            "a-b",
            "",
            "Zoë",
        ] {
            assert_eq!(defuse(given), given);
        }
    }
}
