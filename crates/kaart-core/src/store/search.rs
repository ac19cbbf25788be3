//! Filling the sign-up search index (`signup_search`, FTS5) in bulk.
//!
//! Triggers on `records` keep the index in step with every write, row by
//! row. That is right for a few rows and ruinous for many: a statement that
//! fires a trigger opens a savepoint, and FTS5 writes its pending terms out
//! as a new index segment at every savepoint, so a page of 5,000 sign-ups
//! made 5,000 tiny segments for FTS5 to merge (the initial sync of 200,000
//! sign-ups took about 100 s, most of it here; see `docs/benchmarks.md`).
//!
//! [`deferred`] runs a bulk write with the index *deferred*: the triggers
//! then only list the new and changed sign-ups in `search_backlog` (and a
//! changed one's old entry still leaves the index at once), and before
//! returning it fills the index from that list in one `INSERT … SELECT`,
//! so FTS5 builds a few large segments. It runs inside the caller's
//! transaction: the rows, their index entries and (for a pull page) the
//! cursor commit together, and the window's searches never see a committed
//! row that is missing from the index. `search_mode.deferred` is set and
//! cleared in that same transaction, so no other write ever runs deferred;
//! [`finish_interrupted`] repairs a store where that was not so.
//!
//! Both paths index the same text: the answers, and for each text answer
//! written like a phone number its national digits as one more word
//! ([`PHONE_KEY_FUNCTION`], migration 8), which is how a person is found
//! by phone number (`person_request::find`) without scanning the answers.

use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

use crate::error::CoreResult;
use crate::person_request::find::phone_key;

/// The SQL function the index's text is made with (migration 8): the
/// national digits of a text written like a phone number
/// ([`phone_key`]: `+31 6 1234 5678` → `0612345678`), else `NULL`. Each
/// phone-like answer adds them to the indexed words, so a phone number is
/// found as one exact word however it was typed. Registered on the writer
/// before the migrations run: the triggers that fill the index call it.
pub const PHONE_KEY_FUNCTION: &str = "kaart_phone_key";

pub fn register_phone_key(conn: &Connection) -> CoreResult<()> {
    conn.create_scalar_function(
        PHONE_KEY_FUNCTION,
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            Ok(match ctx.get_raw(0) {
                rusqlite::types::ValueRef::Text(t) => {
                    std::str::from_utf8(t).ok().and_then(phone_key)
                }
                _ => None,
            })
        },
    )?;
    Ok(())
}

/// Runs `write` with the search index deferred, then fills the index with
/// every sign-up it inserted or changed. Call it inside a transaction (an
/// error leaves the deferral set, to be rolled back with the rest).
pub fn deferred<R>(
    conn: &Connection,
    write: impl FnOnce(&Connection) -> CoreResult<R>,
) -> CoreResult<R> {
    conn.prepare_cached("UPDATE search_mode SET deferred = 1")?
        .execute([])?;
    let result = write(conn)?;
    fill_backlog(conn)?;
    Ok(result)
}

/// Indexes the sign-ups listed in the backlog (in `seq` order, which FTS5
/// appends fastest), empties it and ends the deferral.
fn fill_backlog(conn: &Connection) -> CoreResult<usize> {
    let filled = conn
        .prepare_cached(
            "INSERT INTO signup_search (rowid, answers)
             SELECT r.seq, (SELECT group_concat(CASE WHEN type = 'text'
                                THEN value || coalesce(' ' || nullif(kaart_phone_key(value), value), '')
                                ELSE value END, ' ')
                            FROM json_each(r.fields, '$.answers')
                            WHERE type IN ('text', 'integer', 'real'))
             FROM search_backlog b JOIN records r ON r.seq = b.seq
             ORDER BY b.seq",
        )?
        .execute([])?;
    conn.prepare_cached("DELETE FROM search_backlog")?
        .execute([])?;
    conn.prepare_cached("UPDATE search_mode SET deferred = 0")?
        .execute([])?;
    Ok(filled)
}

/// On opening the store: should a deferral ever have been committed (only
/// a bug could do that), the listed sign-ups are indexed now and the
/// triggers fill the index again. Returns how many were indexed.
pub fn finish_interrupted(conn: &Connection) -> CoreResult<usize> {
    let deferred: bool = conn.query_row(
        "SELECT deferred OR EXISTS (SELECT 1 FROM search_backlog) FROM search_mode",
        [],
        |r| r.get(0),
    )?;
    if !deferred {
        return Ok(0);
    }
    tracing::warn!("the search index was left deferred; filling it now");
    fill_backlog(conn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::prepare_like_store;

    fn store() -> Connection {
        prepare_like_store(Connection::open_in_memory().unwrap()).unwrap()
    }

    fn insert(conn: &Connection, id: &str, name: &str) {
        let fields = serde_json::json!({ "answers": { "naam": name, "aantal": 2 } });
        conn.execute(
            "INSERT INTO records (kind, id, version, fields) VALUES ('signup', ?1, 1, ?2)
             ON CONFLICT (kind, id) DO UPDATE SET fields = excluded.fields",
            rusqlite::params![id, fields.to_string()],
        )
        .unwrap();
    }

    fn hits(conn: &Connection, word: &str) -> Vec<String> {
        let mut stmt = conn
            .prepare(
                "SELECT r.id FROM records r WHERE r.seq IN
                 (SELECT rowid FROM signup_search WHERE signup_search MATCH ?1) ORDER BY r.id",
            )
            .unwrap();
        stmt.query_map([word], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    fn backlog(conn: &Connection) -> i64 {
        conn.query_row("SELECT count(*) FROM search_backlog", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_deferred_write_indexes_new_changed_and_not_deleted_sign_ups() {
        let conn = store();
        insert(&conn, "a", "Anna Alberts");
        insert(&conn, "b", "Bram Bos");
        deferred(&conn, |conn| {
            insert(conn, "c", "Cato Claes");
            // Changed while deferred: the old words leave, the new ones come.
            insert(conn, "b", "Bram Brink");
            // New and changed again in the same write.
            insert(conn, "d", "Dirk Dekker");
            insert(conn, "d", "Dirk Dijk");
            // New and gone in the same write, and an old one gone.
            insert(conn, "e", "Eva Eerens");
            conn.execute("DELETE FROM records WHERE id IN ('e', 'a')", [])?;
            // Nothing of it is searchable before the fill.
            assert_eq!(hits(conn, "cato"), Vec::<String>::new());
            Ok(())
        })
        .unwrap();
        assert_eq!(hits(&conn, "\"cato\"*"), ["c"]);
        assert_eq!(hits(&conn, "brink"), ["b"]);
        assert_eq!(hits(&conn, "bos"), Vec::<String>::new());
        assert_eq!(hits(&conn, "dijk"), ["d"]);
        assert_eq!(hits(&conn, "dekker"), Vec::<String>::new());
        assert_eq!(hits(&conn, "eva"), Vec::<String>::new());
        assert_eq!(hits(&conn, "anna"), Vec::<String>::new());
        assert_eq!(hits(&conn, "2"), ["b", "c", "d"], "numbers are words too");
        assert_eq!(backlog(&conn), 0);
        // After it, the triggers index row by row again.
        insert(&conn, "f", "Fleur Faber");
        assert_eq!(hits(&conn, "fleur"), ["f"]);
        assert_eq!(backlog(&conn), 0);
    }

    fn insert_phone(conn: &Connection, id: &str, phone: &str) {
        let fields =
            serde_json::json!({ "answers": { "naam": "Zoë", "tel": phone, "aantal": 612345678 } });
        conn.execute(
            "INSERT INTO records (kind, id, version, fields) VALUES ('signup', ?1, 1, ?2)
             ON CONFLICT (kind, id) DO UPDATE SET fields = excluded.fields",
            rusqlite::params![id, fields.to_string()],
        )
        .unwrap();
    }

    /// A phone number's national digits are one word of the index, however
    /// it was typed, whether the row was indexed by a trigger or in bulk.
    #[test]
    fn phone_numbers_are_indexed_by_their_digits_on_both_paths() {
        let conn = store();
        insert_phone(&conn, "a", "+31 6 1234 5678");
        insert_phone(&conn, "b", "071 516 1234");
        deferred(&conn, |conn| {
            insert_phone(conn, "c", "0031 (0)6-12345678");
            insert_phone(conn, "d", "06 1234 5679");
            Ok(())
        })
        .unwrap();
        assert_eq!(hits(&conn, "\"0612345678\""), ["a", "c"]);
        assert_eq!(hits(&conn, "\"0715161234\""), ["b"]);
        assert_eq!(hits(&conn, "\"0612345679\""), ["d"]);
        // Changed by a trigger: the old number leaves, the new one comes.
        insert_phone(&conn, "a", "06 87654321");
        assert_eq!(hits(&conn, "\"0612345678\""), ["c"]);
        assert_eq!(hits(&conn, "\"0687654321\""), ["a"]);
        // Not a phone number: a number answer, a short one, text with words.
        insert_phone(&conn, "e", "12345");
        insert_phone(&conn, "f", "bel 06 12345678");
        assert_eq!(
            hits(&conn, "\"12345\""),
            ["e"],
            "the answer's own word only"
        );
        assert_eq!(hits(&conn, "\"0612345678\""), ["c"]);
    }

    /// A store made before migration 8 gets its sign-ups' phone numbers
    /// into the index when it is opened.
    #[test]
    fn migration_8_indexes_the_phone_numbers_already_here() {
        let mut conn = Connection::open_in_memory().unwrap();
        register_phone_key(&conn).unwrap();
        let migrations = crate::store::schema::migrations();
        migrations.to_version(&mut conn, 7).unwrap();
        insert_phone(&conn, "a", "+31 6 1234 5678");
        assert_eq!(hits(&conn, "\"0612345678\""), Vec::<String>::new());
        migrations.to_latest(&mut conn).unwrap();
        assert_eq!(hits(&conn, "\"0612345678\""), ["a"]);
        assert_eq!(hits(&conn, "zoe"), ["a"], "the answers' words stay");
    }

    #[test]
    fn a_deferral_left_committed_is_finished_on_open() {
        let conn = store();
        conn.execute("UPDATE search_mode SET deferred = 1", [])
            .unwrap();
        insert(&conn, "a", "Anna Alberts");
        assert_eq!(hits(&conn, "anna"), Vec::<String>::new());
        assert_eq!(finish_interrupted(&conn).unwrap(), 1);
        assert_eq!(hits(&conn, "anna"), ["a"]);
        assert_eq!(finish_interrupted(&conn).unwrap(), 0);
        insert(&conn, "b", "Bram Bos");
        assert_eq!(hits(&conn, "bram"), ["b"]);
    }
}
