//! The demo data set: manager `demo` (password `demo`) managing two
//! organisations with a handful of every kind of record — some due for
//! re-checking, some checked recently — and manager `tweede` (password
//! `tweede`) managing a third organisation, for authorization demos.

use chrono::{Duration, Utc};
use kaart_api::records::{ActivityStatus, Profile, Record, RecordKind};
use rusqlite::Connection;
use uuid::Uuid;

use super::Gen;
use crate::{accounts, store};

/// What the demo set contains, for callers that want to point at it.
#[derive(Debug, Clone)]
pub struct DemoSummary {
    pub demo_manager: Uuid,
    pub demo_organizations: [Uuid; 2],
    pub other_manager: Uuid,
    pub other_organization: Uuid,
}

pub const DEMO_USERNAME: &str = "demo";
pub const DEMO_PASSWORD: &str = "demo";
pub const OTHER_USERNAME: &str = "tweede";
pub const OTHER_PASSWORD: &str = "tweede";

/// The demo organisations' towns, each with the websites of that town on
/// which the organisation appears (the first has two).
const DEMO_TOWNS: [(&str, &[(&str, &str)]); 3] = [
    (
        "Leiden",
        &[
            ("Sociale Kaart Leiden", "https://www.socialekaartleiden.nl/"),
            (
                "Centrum voor Jeugd en Gezin Leiden",
                "https://www.cjgleiden.nl/",
            ),
        ],
    ),
    (
        "Zoeterwoude",
        &[("Wegwijzer Zoeterwoude", "https://wegwijzer.zoeterwoude.nl/")],
    ),
    (
        "’s-Hertogenbosch",
        &[(
            "Sociale Kaart ’s-Hertogenbosch",
            "https://www.socialekaartdenbosch.nl/",
        )],
    ),
];

/// Seeds the demo set into an (empty) database, in one transaction.
pub fn seed_demo(conn: &mut Connection) -> anyhow::Result<DemoSummary> {
    let mut g = Gen::new(2024);
    let now = Utc::now();
    let today = now.date_naive();
    let tx = conn.transaction()?;

    let demo = accounts::create_manager(
        &tx,
        g.uuid(),
        DEMO_USERNAME,
        "Daniëlle de Vries",
        &accounts::hash_password(DEMO_PASSWORD)?,
    )?;
    let profile = Record::Profile(Profile {
        id: demo,
        name: "Daniëlle de Vries".into(),
        salutation: Some("mevrouw".into()),
        email: Some("danielle.devries@voorbeeld.nl".into()),
        phone: Some("071 516 1234".into()),
        username: DEMO_USERNAME.into(),
        note: Some("Bereikbaar op maandag en donderdag.".into()),
        assured_date: Some(today - Duration::days(200)),
    });
    store::update(&tx, &profile, 2)?;
    let other = accounts::create_manager(
        &tx,
        g.uuid(),
        OTHER_USERNAME,
        "Zoë Martina",
        &accounts::hash_password(OTHER_PASSWORD)?,
    )?;

    let mut orgs = Vec::new();
    for (i, (town, websites)) in DEMO_TOWNS.iter().enumerate() {
        let org = g.uuid();
        let mut o = g.organization_in(org, today, town);
        // The first is due for re-checking, the second checked recently.
        o.assured_date = Some(today - Duration::days([200, 10, 40][i]));
        store::insert(&tx, &Record::Organization(o), 1)?;
        for (name, url) in *websites {
            accounts::add_website(&tx, org, name, url)?;
        }
        let mut contacts = Vec::new();
        for j in 0..3 {
            let mut c = g.contact(org, today);
            c.assured_date = Some(today - Duration::days([300, 20, 190][j]));
            contacts.push(c.id);
            store::insert(&tx, &Record::Contact(c), 1)?;
        }
        for j in 0..3 {
            let mut of = g.offering(org, &contacts, today);
            of.assured_date = if j == 2 {
                None
            } else {
                Some(today - Duration::days([185, 5][j]))
            };
            store::insert(&tx, &Record::Offering(of), 1)?;
        }
        for j in 0..3 {
            let mut a = g.activity(org, now, today);
            a.assured_date = Some(today - Duration::days([190, 3, 60][j]));
            if j == 1 {
                a.capacity = Some(8);
            }
            if j == 2 && i == 1 {
                a.status = ActivityStatus::Draft;
            }
            store::insert(&tx, &Record::Activity(a.clone()), 1)?;
            for k in 0..[4, 5, 2][j] {
                let s = g.signup(&a, now - Duration::hours(5 * (k + 1)));
                store::insert(&tx, &Record::Signup(s), 1)?;
            }
        }
        orgs.push(org);
    }
    for org in &orgs[..2] {
        tx.execute(
            "INSERT INTO grants (manager_id, org_id) VALUES (?1, ?2)",
            rusqlite::params![demo.to_string(), org.to_string()],
        )?;
    }
    tx.execute(
        "INSERT INTO grants (manager_id, org_id) VALUES (?1, ?2)",
        rusqlite::params![other.to_string(), orgs[2].to_string()],
    )?;
    tx.commit()?;
    debug_assert!(store::get(conn, RecordKind::Profile, demo)?.is_some());
    Ok(DemoSummary {
        demo_manager: demo,
        demo_organizations: [orgs[0], orgs[1]],
        other_manager: other,
        other_organization: orgs[2],
    })
}
