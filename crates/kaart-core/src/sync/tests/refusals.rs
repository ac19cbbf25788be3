//! Edits the service refuses: kept until fixed, refused locally first, and
//! batches refused as a whole split until the culprit stands alone.

use super::*;

#[tokio::test]
async fn rejected_edits_stay_until_fixed() {
    let (s, c, a) = activity_scenario().await;
    // Another manager ends the activity at 11:00; this client, not knowing,
    // starts it at 11:30 (fine against the 12:00 end it knows). Each edit is
    // valid; merged they are not, and the service refuses the second.
    s.change_on_service(RecordKind::Activity, a.id, "ends_at", json!(at(30, 11)))
        .await;
    c.try_edit(
        RecordKind::Activity,
        a.id,
        &[(
            "starts_at",
            json!(at(30, 11) + chrono::Duration::minutes(30)),
        )],
    )
    .unwrap();
    let report = c.sync().await;
    assert_eq!(report.rejected, 1);
    let rejected = c.ws.rejected_edits().unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].errors[0].field, "ends_at");
    assert_eq!(
        rejected[0].errors[0].message,
        "Het einde ligt vóór het begin."
    );
    let (_, on_service) = s.on_service(RecordKind::Activity, a.id).unwrap();
    let Record::Activity(on_service) = on_service else {
        panic!()
    };
    assert_eq!(on_service.starts_at, a.starts_at, "nothing applied");
    // The refused value stays visible here until fixed or discarded.
    assert_eq!(
        c.local_activity(a.id).starts_at,
        at(30, 11) + chrono::Duration::minutes(30)
    );
    // Fixing it makes a new mutation (a replayed id would get the old answer).
    c.try_edit(
        RecordKind::Activity,
        a.id,
        &[("starts_at", json!(at(30, 9)))],
    )
    .unwrap();
    assert!(c.ws.rejected_edits().unwrap().is_empty());
    c.sync().await;
    let Some((_, Record::Activity(on_service))) = s.on_service(RecordKind::Activity, a.id) else {
        panic!()
    };
    assert_eq!(
        (on_service.starts_at, on_service.ends_at),
        (at(30, 9), at(30, 11))
    );
    assert_eq!(c.local_activity(a.id), on_service);
    assert_eq!(
        c.ws.status().pending_edits + c.ws.status().rejected_edits,
        0
    );
}

#[tokio::test]
async fn invalid_edits_are_refused_locally_with_a_dutch_message() {
    let (s, record) = Scenario::with_contact_on_service("Anouk").await;
    let c = s.synced_client().await;
    let err = c
        .try_edit(
            RecordKind::Contact,
            record.id(),
            &[("postcode", json!("12345"))],
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        err.field.as_deref(),
        Some("postcode"),
        "the form can place it"
    );
    assert!(
        !err.message.contains("12345"),
        "no input echoed: {}",
        err.message
    );
    let err = c
        .try_edit(
            RecordKind::Contact,
            record.id(),
            &[("organization_id", json!(Uuid::now_v7()))],
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(c.ws.status().pending_edits, 0);
}

#[tokio::test]
async fn a_refused_edit_names_every_broken_field_at_once() {
    let (s, record) = Scenario::with_contact_on_service("Anouk").await;
    let c = s.synced_client().await;
    let err = c
        .try_edit(
            RecordKind::Contact,
            record.id(),
            &[
                ("postcode", json!("12345")),
                ("email", json!("geen-adres")),
                ("agb_code", json!("12")),
            ],
        )
        .unwrap_err();
    let broken: Vec<&str> = err.fields.iter().map(|e| e.field.as_str()).collect();
    for field in ["postcode", "email", "agb_code"] {
        assert!(broken.contains(&field), "{field} missing from {broken:?}");
    }
    assert_eq!(err.field.as_deref(), Some(broken[0]), "the first leads");
    assert_eq!(c.ws.status().pending_edits, 0);
}

#[tokio::test]
async fn a_postcode_typed_loosely_is_tidied_and_synced_as_1234_ab() {
    let (s, record) = Scenario::with_contact_on_service("Anouk").await;
    let c = s.synced_client().await;
    c.try_edit(
        RecordKind::Contact,
        record.id(),
        &[("postcode", json!(" 2311ab"))],
    )
    .unwrap();
    assert_eq!(
        c.local_contact(record.id()).postcode.as_deref(),
        Some("2311 AB")
    );
    c.sync().await;
    let Some((_, Record::Contact(on_service))) = s.on_service(RecordKind::Contact, record.id())
    else {
        panic!("not on the service")
    };
    assert_eq!(on_service.postcode.as_deref(), Some("2311 AB"));
}

/// A contact whose reachability note is as long as allowed, in 4-byte
/// characters: about 40 kB on the wire.
fn heavy_contact(org: Uuid, i: usize) -> Record {
    let mut c = Contact::named(Uuid::now_v7(), org, format!("Zwaar {i}"));
    c.reachability = Some("📞".repeat(kaart_api::validate::MAX_LONG));
    Record::Contact(c)
}

#[tokio::test]
async fn a_batch_too_large_for_the_service_is_split_until_it_fits() {
    let s = Scenario::new().await;
    let c = s.synced_client().await;
    let records: Vec<Record> = (0..60).map(|i| heavy_contact(s.org, i)).collect();
    let size: usize = records
        .iter()
        .map(|r| serde_json::to_vec(r).unwrap().len())
        .sum();
    assert!(
        size > kaart_server::http::BODY_LIMIT,
        "the premise: one batch of all of them is over the service's limit"
    );
    for r in &records {
        c.ws.create(r.clone()).unwrap();
    }
    s.proxy.set_schedule([]);
    let report = c.sync().await;
    assert_eq!((report.applied, report.rejected), (60, 0));
    assert_eq!(
        s.pushes_seen().len(),
        3,
        "60 refused as too large, then 2 × 30"
    );
    for r in &records {
        assert_eq!(
            s.on_service(r.kind(), r.id()).map(|(_, r)| r).as_ref(),
            Some(r)
        );
    }
    assert_eq!(
        c.ws.status().pending_edits + c.ws.status().rejected_edits,
        0
    );
}

/// The largest activity every validation rule allows: 50 choice fields of
/// 50 options of 200 four-byte characters, and every text at its limit.
fn largest_valid_activity(org: Uuid) -> Record {
    use kaart_api::validate::{MAX_FORM_FIELDS, MAX_LONG, MAX_NAME, MAX_SHORT};
    let mut a = activity(org);
    let long = |c: char, n: usize| c.to_string().repeat(n);
    a.title = long('🎉', MAX_NAME);
    a.description = Some(long('📅', MAX_LONG));
    a.location = Some(long('🏠', MAX_SHORT));
    a.form = (0..MAX_FORM_FIELDS)
        .map(|i| kaart_api::records::FormField {
            options: (0..MAX_FORM_FIELDS)
                .map(|j| format!("{j:0>2}{}", long('🔷', MAX_NAME - 2)))
                .collect(),
            ..form_field(
                &format!("{i:0>64}"),
                &long('🏷', MAX_NAME),
                kaart_api::records::FieldType::Choice,
                false,
            )
        })
        .collect();
    let record = Record::Activity(a);
    assert_eq!(kaart_api::validate::validate_record(&record), vec![]);
    record
}

#[tokio::test]
async fn the_largest_valid_record_fits_in_one_request() {
    // Else the client would accept an edit that the service can never take.
    let s = Scenario::new().await;
    let c = s.synced_client().await;
    let largest = largest_valid_activity(s.org);
    c.ws.create(largest.clone()).unwrap();
    let report = c.sync().await;
    assert_eq!((report.applied, report.rejected), (1, 0));
    assert_eq!(
        s.on_service(RecordKind::Activity, largest.id())
            .map(|(_, r)| r),
        Some(largest)
    );
}

#[tokio::test]
async fn a_batch_refused_as_a_whole_is_split_until_the_culprit_stands_alone() {
    // No valid record is refused as a whole by the service (see above), so
    // the proxy refuses every request that carries the culprit.
    let s = Scenario::new().await;
    let c = s.synced_client().await;
    let culprit = contact(s.org, "Drie");
    s.proxy.always(&culprit.id().to_string(), Fault::Refuse400);
    for name in ["Een", "Twee"] {
        c.ws.create(contact(s.org, name)).unwrap();
    }
    c.ws.create(culprit.clone()).unwrap();
    for name in ["Vier", "Vijf"] {
        c.ws.create(contact(s.org, name)).unwrap();
    }
    c.sync().await;
    let rejected = c.ws.rejected_edits().unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].record_id, culprit.id());
    assert_eq!(rejected[0].errors[0].message, "Het verzoek is ongeldig.");
    assert!(s.on_service(RecordKind::Contact, culprit.id()).is_none());
    for local in c.ws.records(Some(s.org), RecordKind::Contact).unwrap() {
        if local.record.id() == culprit.id() {
            continue;
        }
        assert_eq!(local.pending_edits, 0);
        let on_service = s.on_service(RecordKind::Contact, local.record.id());
        assert_eq!(on_service.map(|(_, r)| r), Some(local.record), "arrived");
    }
    c.ws.discard_edit(rejected[0].mutation_id).unwrap();
    assert_eq!(
        c.ws.status().pending_edits + c.ws.status().rejected_edits,
        0
    );
    assert_eq!(c.contact_names(s.org), ["Een", "Twee", "Vier", "Vijf"]);
}
