//! A manager corrects a sign-up's answers (AVG article 16): checked against
//! the activity's current form with the public sign-up's rules, refused per
//! answer with nothing applied, and only by the organisation's managers.

use kaart_api::error::ApiErrorCode;
use kaart_api::records::{Activity, AnswerValue, FieldType, FormField, Record, RecordKind, Signup};
use kaart_api::sync::{MutationOp, Outcome};
use serde_json::json;

use crate::support::{Api, Server};
use crate::{mid, update, upserts};

/// A sign-up of the demo manager's first organisation and its activity,
/// as the feed has them.
fn signup_and_activity(api: &Api) -> (Signup, Activity) {
    let records: Vec<Record> = upserts(&api.changes(api.org(0), None).changes)
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    let signup = records
        .iter()
        .find_map(|r| match r {
            Record::Signup(s) => Some(s.clone()),
            _ => None,
        })
        .expect("the demo set has sign-ups");
    let activity = records
        .iter()
        .find_map(|r| match r {
            Record::Activity(a) if a.id == signup.activity_id => Some(a.clone()),
            _ => None,
        })
        .expect("the sign-up's activity");
    (signup, activity)
}

fn answers_update(s: &Signup, to: &std::collections::BTreeMap<String, AnswerValue>) -> MutationOp {
    update(
        RecordKind::Signup,
        s.id,
        "answers",
        json!(s.answers),
        json!(to),
    )
}

fn rejected_fields(outcome: &Outcome) -> Vec<(String, String)> {
    match outcome {
        Outcome::Rejected { errors } => errors
            .iter()
            .map(|e| (e.field.clone(), e.code.clone()))
            .collect(),
        other => panic!("not rejected: {other:?}"),
    }
}

#[test]
fn a_manager_corrects_answers_within_the_current_form() {
    let server = Server::demo();
    let api = server.demo_manager();
    let org = api.org(0);
    let (signup, activity) = signup_and_activity(&api);

    // The form gets a choice question after the person signed up.
    let mut form = activity.form.clone();
    form.push(FormField {
        key: "maaltijd".into(),
        label: "Maaltijd".into(),
        field_type: FieldType::Choice,
        required: false,
        options: vec!["Vlees".into(), "Vegetarisch".into()],
        help: None,
    });
    let r = api.mutate_one(
        org,
        update(
            RecordKind::Activity,
            activity.id,
            "form",
            json!(activity.form),
            json!(form),
        ),
    );
    assert!(matches!(r.outcome, Outcome::Applied { .. }), "{r:?}");

    let required = form
        .iter()
        .find(|f| f.required && f.field_type == FieldType::Text)
        .expect("the demo form has a required text question");

    // Breaking the form: the required answer left empty, an option that is
    // not on it. Refused per answer, nothing applied.
    let mut bad = signup.answers.clone();
    bad.insert(required.key.clone(), AnswerValue::Text("  ".into()));
    bad.insert("maaltijd".into(), AnswerValue::Text("Vis".into()));
    let r = api.mutate_one(org, answers_update(&signup, &bad));
    let fields = rejected_fields(&r.outcome);
    assert!(
        fields.contains(&(format!("answers.{}", required.key), "required".into())),
        "{fields:?}"
    );
    assert!(
        fields.contains(&("answers.maaltijd".into(), "invalid_choice".into())),
        "{fields:?}"
    );
    let Outcome::Rejected { errors } = &r.outcome else {
        unreachable!()
    };
    let required_error = errors.iter().find(|e| e.code == "required").unwrap();
    assert!(
        required_error.message.contains(&required.label),
        "{required_error:?}"
    );

    // An answer to a question that is not on the form cannot be added.
    let mut unknown = signup.answers.clone();
    unknown.insert("schoenmaat".into(), AnswerValue::Number(43.0));
    let r = api.mutate_one(org, answers_update(&signup, &unknown));
    assert_eq!(
        rejected_fields(&r.outcome),
        vec![(
            "answers.schoenmaat".to_string(),
            "no_longer_on_form".to_string()
        )]
    );

    // A good correction is applied and goes out in the feed.
    let mut good = signup.answers.clone();
    good.insert(
        required.key.clone(),
        AnswerValue::Text("Anaïs Bakker-de Wit".into()),
    );
    good.insert("maaltijd".into(), AnswerValue::Text("Vegetarisch".into()));
    let r = api.mutate_one(org, answers_update(&signup, &good));
    let Outcome::Applied {
        record: Some(Record::Signup(applied)),
        ..
    } = &r.outcome
    else {
        panic!("{r:?}")
    };
    assert_eq!(applied.answers, good);
    let fed = upserts(&api.changes(org, None).changes)
        .into_iter()
        .find_map(|(_, r)| match r {
            Record::Signup(s) if s.id == signup.id => Some(s),
            _ => None,
        })
        .unwrap();
    assert_eq!(fed.answers, good);

    // A second correction from the old answers is a conflict on `answers`.
    let r = api.mutate_one(org, answers_update(&signup, &bad));
    let Outcome::Conflict { conflicts, .. } = &r.outcome else {
        panic!("{r:?}")
    };
    assert_eq!(conflicts[0].field, "answers");
    assert_eq!(conflicts[0].theirs, json!(good));
}

#[test]
fn another_organisations_manager_cannot_correct_answers() {
    let server = Server::demo();
    let api = server.demo_manager();
    let other = server.other_manager();
    let org = api.org(0);
    let (signup, _) = signup_and_activity(&api);
    // A correction that fits the form: only the standing of the caller
    // stands in its way.
    let mut changed = signup.answers.clone();
    changed.insert("naam".into(), AnswerValue::Text("Overgenomen".into()));
    let op = answers_update(&signup, &changed);

    // Through the demo organisation's route: forbidden.
    let body = json!({"mutations": [{"mutation_id": mid(), "op": op}]});
    let (status, err) =
        Api::error(other.post(&format!("/api/v1/organizations/{org}/mutations"), &body));
    assert_eq!((status, err.code), (403, ApiErrorCode::Forbidden));

    // Through its own organisation's route: not found there.
    let r = other.mutate_one(other.org(0), op);
    assert_eq!(
        rejected_fields(&r.outcome),
        vec![("id".to_string(), "not_found".to_string())]
    );
    let unchanged = upserts(&api.changes(org, None).changes)
        .into_iter()
        .find_map(|(_, r)| match r {
            Record::Signup(s) if s.id == signup.id => Some(s),
            _ => None,
        })
        .unwrap();
    assert_eq!(unchanged.answers, signup.answers);
}
