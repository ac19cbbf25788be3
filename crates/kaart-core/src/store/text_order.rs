//! How the store compares and searches text as a reader would: the collation
//! lists sort with ([`NATURAL_ORDER`]: case and accents do not separate
//! words) and the SQL function word searches match with ([`FOLDED_WORDS`]).
//! Both rest on one fold, [`reading_key`]. Every connection of the store,
//! writer and reader, registers them ([`register`]); they are never part of
//! the schema, so a connection without them can still read every table.

use rusqlite::Connection;

use crate::error::CoreResult;

/// Registers [`NATURAL_ORDER`] and [`FOLDED_WORDS`] on a connection.
pub(super) fn register(conn: &Connection) -> CoreResult<()> {
    register_natural_order(conn)?;
    register_folded_words(conn)
}

/// The collation lists sort text with: case and accents do not separate
/// words, so "Émile" sorts with "Emile" and "anna" before "Bram" (letters are
/// compared by their closest ASCII spelling, then as written).
pub const NATURAL_ORDER: &str = "reading_order";

/// What [`NATURAL_ORDER`] compares first: the text in its closest ASCII
/// spelling, lower case ("Zoë" → "zoe"). Also what searches in names match
/// against, so `zoe` finds "Zoë".
pub fn reading_key(s: &str) -> String {
    deunicode::deunicode(s).to_lowercase()
}

fn register_natural_order(conn: &Connection) -> CoreResult<()> {
    conn.create_collation(NATURAL_ORDER, |a, b| {
        reading_key(a).cmp(&reading_key(b)).then_with(|| a.cmp(b))
    })?;
    Ok(())
}

/// The SQL function that gives a text's words as a search compares them:
/// `kaart_folded_words('Zoë & de Bus')` = `' zoe de bus'` — closest ASCII
/// spelling, lower case, every run of other characters one space, and a
/// space in front, so `instr(kaart_folded_words(t), ' ' || word) > 0` says
/// that some word of `t` begins with `word` (itself folded with
/// [`folded_words`]). Only in queries, never in the schema: a connection
/// without it can still read every table.
pub const FOLDED_WORDS: &str = "kaart_folded_words";

/// What [`FOLDED_WORDS`] makes of a text, for the typed side of a search.
pub fn folded_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    for c in reading_key(text).chars() {
        if c.is_alphanumeric() {
            if out.is_empty() {
                out.push(' ');
            }
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if out.is_empty() {
        out.push(' ');
    }
    out
}

fn register_folded_words(conn: &Connection) -> CoreResult<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        FOLDED_WORDS,
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let text = ctx.get::<Option<String>>(0)?.unwrap_or_default();
            Ok(folded_words(&text))
        },
    )?;
    Ok(())
}
