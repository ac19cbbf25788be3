//! The offering and contact-person lists of the *Organisaties* screen: one
//! page of one organisation's offerings (or contact persons) at a time,
//! sorted by name and searched by name, and the tabs' counts — so the window
//! never holds a whole table, whether the organisation has 3 offerings or
//! 1,500.
//!
//! The local view, exactly as [`local_view::list`] gives it: a name edited
//! here (not yet synced) is the name shown, searched and sorted by; a record
//! added here is in; one deleted here is out. Only the names are read for
//! the whole list: SQL's `json_extract` takes each untouched record's name
//! from its stored JSON (the organisation's index finds the rows), and only
//! the few records with edits waiting in the outbox are built in Rust with
//! their edits laid over. The page's rows are then built by
//! [`local_view::get`], so they show exactly what the record's form shows.
//!
//! Order: by name in the store's reading order ([`crate::store::NATURAL_ORDER`]:
//! case and accents do not separate names, "Émile" sorts with "Emile", "anna"
//! before "Bram"), then by id, so equal names keep a stable order between
//! pages. Search: every word typed must occur somewhere in the name, compared
//! the same way (`zoe` finds "Zoë", `hulp` finds "Jeugdhulp").

use kaart_api::records::RecordKind;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{CoreError, CoreResult};
use crate::ipc::LocalRecord;
use crate::local_view;
use crate::store::{outbox, reading_key};

/// The most rows one page may ask for.
pub const MAX_PAGE: u32 = 500;

/// The kinds of an organisation's records that are listed by page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PagedKind {
    Offering,
    Contact,
}

impl PagedKind {
    pub fn record_kind(self) -> RecordKind {
        match self {
            PagedKind::Offering => RecordKind::Offering,
            PagedKind::Contact => RecordKind::Contact,
        }
    }
}

/// One page of an organisation's offerings or contact persons, as the
/// window asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecordQuery {
    pub organization: Uuid,
    pub kind: PagedKind,
    /// Words that must each occur in the name; empty for all.
    pub search: String,
    pub offset: u32,
    pub limit: u32,
}

/// The rows of one page and how many rows the whole list has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RecordPage {
    /// Records matching the organisation, kind and search.
    pub total: u32,
    /// From `offset`, at most `limit` of them, by name.
    pub rows: Vec<LocalRecord>,
}

/// How many offerings and contact persons an organisation has in the local
/// view (the tabs' counts).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecordCounts {
    pub offerings: u32,
    pub contacts: u32,
}

/// The organisation and name of a record as the local view has it, or
/// `None` when it does not exist locally.
fn local_name(
    conn: &Connection,
    kind: RecordKind,
    id: Uuid,
) -> CoreResult<Option<(String, String)>> {
    Ok(local_view::fields(conn, kind, id)?.map(|f| {
        let text = |key: &str| {
            f.get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        (text("organization_id"), text("name"))
    }))
}

/// The records with edits waiting: their base rows are left to Rust.
const UNTOUCHED: &str =
    "NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = r.kind AND o.record_id = r.id)";

/// Every record of the list as (id, name), in no particular order.
fn names(
    conn: &Connection,
    organization: Uuid,
    kind: RecordKind,
) -> CoreResult<Vec<(Uuid, String)>> {
    let org = organization.to_string();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT r.id, json_extract(r.fields, '$.name') FROM records r
         WHERE r.organization_id = ?1 AND r.kind = ?2 AND {UNTOUCHED}"
    ))?;
    let rows = stmt.query_map(params![org, kind.as_str()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name) = row?;
        let id = Uuid::parse_str(&id).map_err(|_| CoreError::Corrupt("record id".into()))?;
        out.push((id, name.unwrap_or_default()));
    }
    for id in outbox::record_ids(conn, kind)? {
        if let Some((record_org, name)) = local_name(conn, kind, id)? {
            if record_org == org {
                out.push((id, name));
            }
        }
    }
    Ok(out)
}

/// How many records of `kind` the organisation has in the local view,
/// without reading any record's fields (but those with edits waiting).
fn count(conn: &Connection, organization: Uuid, kind: RecordKind) -> CoreResult<u32> {
    let org = organization.to_string();
    let untouched: u32 = conn.query_row(
        &format!(
            "SELECT count(*) FROM records r
             WHERE r.organization_id = ?1 AND r.kind = ?2 AND {UNTOUCHED}"
        ),
        params![org, kind.as_str()],
        |r| r.get(0),
    )?;
    let mut touched = 0;
    for id in outbox::record_ids(conn, kind)? {
        if matches!(local_name(conn, kind, id)?, Some((record_org, _)) if record_org == org) {
            touched += 1;
        }
    }
    Ok(untouched + touched)
}

/// The tabs' counts of one organisation.
pub fn counts(conn: &Connection, organization: Uuid) -> CoreResult<RecordCounts> {
    Ok(RecordCounts {
        offerings: count(conn, organization, RecordKind::Offering)?,
        contacts: count(conn, organization, RecordKind::Contact)?,
    })
}

/// One page of the list (see the module docs).
pub fn page(conn: &Connection, query: &RecordQuery) -> CoreResult<RecordPage> {
    let kind = query.kind.record_kind();
    let words: Vec<String> = query.search.split_whitespace().map(reading_key).collect();
    let mut listed: Vec<(String, String, Uuid)> = names(conn, query.organization, kind)?
        .into_iter()
        .filter_map(|(id, name)| {
            let key = reading_key(&name);
            words
                .iter()
                .all(|w| key.contains(w.as_str()))
                .then_some((key, name, id))
        })
        .collect();
    listed.sort_unstable();
    let total = u32::try_from(listed.len()).unwrap_or(u32::MAX);
    let limit = query.limit.min(MAX_PAGE) as usize;
    let mut rows = Vec::with_capacity(limit);
    for (_, _, id) in listed.into_iter().skip(query.offset as usize).take(limit) {
        if let Some(local) = local_view::get(conn, kind, id)? {
            rows.push(local);
        }
    }
    Ok(RecordPage { total, rows })
}

#[cfg(test)]
mod tests {
    use kaart_api::account::ManagedOrganization;
    use kaart_api::records::{Contact, Offering, Record};
    use serde_json::{json, Map};

    use super::*;
    use crate::edits;
    use crate::store::{organizations, prepare_like_store, records};

    fn offering(org: Uuid, name: &str) -> Record {
        Record::Offering(Offering {
            id: Uuid::now_v7(),
            organization_id: org,
            name: name.into(),
            description: None,
            target_group: None,
            costs: None,
            application_process: None,
            contact_ids: vec![],
            published: true,
            assured_date: None,
        })
    }

    /// A store of two managed organisations; `ours` has the offerings
    /// `names` as the service sent them, the other one offering.
    fn store_with(names: &[&str]) -> (Connection, Uuid, Vec<Uuid>) {
        let mut conn = prepare_like_store(Connection::open_in_memory().unwrap()).unwrap();
        let (ours, theirs) = (Uuid::now_v7(), Uuid::now_v7());
        let tx = conn.transaction().unwrap();
        let managed = |id, name: &str| ManagedOrganization {
            id,
            name: name.into(),
            websites: vec![],
        };
        organizations::replace_all(&tx, &[managed(ours, "Ons"), managed(theirs, "Ander")]).unwrap();
        let mut ids = Vec::new();
        for name in names {
            let record = offering(ours, name);
            ids.push(record.id());
            records::upsert(&tx, &record, 1).unwrap();
        }
        records::upsert(&tx, &offering(theirs, "Aaa van een ander"), 1).unwrap();
        tx.commit().unwrap();
        (conn, ours, ids)
    }

    fn query(org: Uuid, search: &str, offset: u32, limit: u32) -> RecordQuery {
        RecordQuery {
            organization: org,
            kind: PagedKind::Offering,
            search: search.into(),
            offset,
            limit,
        }
    }

    fn shown(conn: &Connection, org: Uuid, search: &str) -> (u32, Vec<String>) {
        let page = page(conn, &query(org, search, 0, 100)).unwrap();
        let names = page
            .rows
            .iter()
            .map(|r| match &r.record {
                Record::Offering(o) => o.name.clone(),
                other => panic!("not an offering: {other:?}"),
            })
            .collect();
        (page.total, names)
    }

    #[test]
    fn the_list_is_by_name_in_reading_order_of_one_organisation_only() {
        let (conn, org, _) = store_with(&[
            "Zwemles",
            "Émile's taalcafé",
            "anna's koffie",
            "Budgetcoaching",
            "Emma",
        ]);
        assert_eq!(
            shown(&conn, org, ""),
            (
                5,
                vec![
                    "anna's koffie".to_string(),
                    "Budgetcoaching".into(),
                    "Émile's taalcafé".into(),
                    "Emma".into(),
                    "Zwemles".into()
                ]
            ),
            "alphabetical whatever the case and accents; the other organisation's offering is not in"
        );
        assert_eq!(
            counts(&conn, org).unwrap(),
            RecordCounts {
                offerings: 5,
                contacts: 0
            }
        );
    }

    #[test]
    fn the_local_view_edits_new_and_deleted_records_are_as_the_record_list_has_them() {
        let (mut conn, org, ids) =
            store_with(&["Zwemles", "Budgetcoaching", "Kookclub", "Taalmaatje"]);
        let tx = conn.transaction().unwrap();
        // A name changed here and not yet synced.
        let mut rename = Map::new();
        rename.insert("name".into(), json!("Aquarobics"));
        edits::update_fields(&tx, RecordKind::Offering, ids[0], &rename).unwrap();
        // Added here.
        edits::create(&tx, &offering(org, "Moestuin")).unwrap();
        // Deleted here.
        edits::delete(&tx, RecordKind::Offering, ids[2]).unwrap();
        // A contact person added here counts on its own tab.
        edits::create(
            &tx,
            &Record::Contact(Contact::named(Uuid::now_v7(), org, "Zoë de Vries")),
        )
        .unwrap();
        tx.commit().unwrap();

        let (total, names) = shown(&conn, org, "");
        assert_eq!(
            (total, names),
            (
                4,
                vec![
                    "Aquarobics".to_string(),
                    "Budgetcoaching".into(),
                    "Moestuin".into(),
                    "Taalmaatje".into()
                ]
            )
        );
        assert_eq!(
            counts(&conn, org).unwrap(),
            RecordCounts {
                offerings: 4,
                contacts: 1
            }
        );
        assert_eq!(shown(&conn, org, "zwem").0, 0, "the old name is not found");
        assert_eq!(shown(&conn, org, "aqua").1, ["Aquarobics"]);

        // The rows are what the whole list (local_view::list) has, in name order.
        let mut everything = local_view::list(&conn, Some(org), RecordKind::Offering).unwrap();
        everything.sort_by_key(|r| match &r.record {
            Record::Offering(o) => reading_key(&o.name),
            _ => String::new(),
        });
        assert_eq!(
            page(&conn, &query(org, "", 0, 100)).unwrap().rows,
            everything
        );
        assert_eq!(
            everything[0].pending_edits, 1,
            "the renamed offering shows its waiting edit"
        );

        let contacts = page(
            &conn,
            &RecordQuery {
                kind: PagedKind::Contact,
                ..query(org, "zoe", 0, 10)
            },
        )
        .unwrap();
        assert_eq!(contacts.total, 1, "zoe finds Zoë");
    }

    #[test]
    fn search_words_must_all_occur_in_the_name_whatever_case_and_accents() {
        let (conn, org, _) = store_with(&[
            "Café Zoë",
            "Jeugdhulp Noord",
            "Hulp bij de administratie",
            "Zwemles",
        ]);
        assert_eq!(shown(&conn, org, "ZOE").1, ["Café Zoë"]);
        assert_eq!(
            shown(&conn, org, "hulp").1,
            ["Hulp bij de administratie", "Jeugdhulp Noord"]
        );
        assert_eq!(shown(&conn, org, "  hulp   noord ").1, ["Jeugdhulp Noord"]);
        assert_eq!(shown(&conn, org, "fietsen"), (0, vec![]));
    }

    #[test]
    fn offset_and_limit_page_through_the_whole_list_and_the_total_stays() {
        let names: Vec<String> = (0..250).map(|i| format!("Aanbod {i:03}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let (conn, org, _) = store_with(&refs);
        let mut seen = Vec::new();
        for offset in (0..250).step_by(100) {
            let page = page(&conn, &query(org, "", offset, 100)).unwrap();
            assert_eq!(page.total, 250);
            seen.extend(page.rows.into_iter().map(|r| match r.record {
                Record::Offering(o) => o.name,
                _ => String::new(),
            }));
        }
        assert_eq!(seen, names, "every offering once, in order");
        let last = page(&conn, &query(org, "", 240, 100)).unwrap();
        assert_eq!((last.total, last.rows.len()), (250, 10));
        let past = page(&conn, &query(org, "", 400, 100)).unwrap();
        assert_eq!((past.total, past.rows.len()), (250, 0));
        let clamped = page(&conn, &query(org, "", 0, 10_000)).unwrap();
        assert_eq!(clamped.rows.len(), 250.min(MAX_PAGE as usize));
    }
}
