//! The organisation's own data out, as Open Referral HSDS 3.0 JSON — the
//! international standard for directories of services — so that a move to
//! another supplier loses nothing: the organisation with its KvK number,
//! addresses and phone; its offerings and activities as `service`s (an
//! activity's time as a `schedule`, its place as a `location`); its contact
//! persons, named again under each offering that lists them. Values HSDS has
//! no field for (reachability, AGB code, capacity) are kept as
//! `attribute`s, and the date a record was last checked goes to the
//! service's `assured_date` or, for the organisation and contact persons
//! (which HSDS gives no such field), to a `metadata` entry.
//!
//! Sign-ups are personal data of the public, not directory data: they are
//! never part of this export.
//!
//! Identifiers: records keep their own UUIDs; the parts HSDS splits off (an
//! address, a phone, a contact repeated under a service) get UUIDs derived
//! from their record's id and their role, so a second export gives the same
//! ids.

pub mod model;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use kaart_api::records::{Activity, ActivityStatus, Contact, Offering, Organization, Record};
use uuid::Uuid;

use model::{
    Address, Attribute, Location, Metadata, OrganizationIdentifier, Phone, Schedule, Service,
    ServiceAtLocation,
};

/// The HSDS document of `org` with the `records` of that organisation
/// (offerings, activities and contact persons; other kinds are ignored).
pub fn organization(org: &Organization, records: &[Record]) -> model::Organization {
    let mut offerings = Vec::new();
    let mut activities = Vec::new();
    let mut contacts = Vec::new();
    for record in records {
        match record {
            Record::Offering(r) if r.organization_id == org.id => offerings.push(r),
            Record::Activity(r) if r.organization_id == org.id => activities.push(r),
            Record::Contact(r) if r.organization_id == org.id => contacts.push(r),
            _ => {}
        }
    }
    let contacts_by_id: HashMap<Uuid, &Contact> = contacts.iter().map(|c| (c.id, *c)).collect();

    let mut locations = Vec::new();
    locations.extend(own_location(
        org,
        "physical",
        &org.visiting_street,
        &org.visiting_postcode,
        &org.visiting_city,
    ));
    locations.extend(own_location(
        org,
        "postal",
        &org.postal_street,
        &org.postal_postcode,
        &org.postal_city,
    ));
    let hsds_contacts = contacts
        .iter()
        .map(|c| contact(c, c.id, Some(org.id), None, &mut locations))
        .collect();
    let mut services: Vec<Service> = offerings
        .iter()
        .map(|o| offering(o, &contacts_by_id, &mut locations))
        .collect();
    services.extend(activities.iter().map(|a| activity(a, &mut locations)));

    model::Organization {
        id: org.id,
        name: org.name.clone(),
        description: org.description.clone().unwrap_or_default(),
        email: org.email.clone(),
        website: org.website.clone(),
        organization_identifiers: org
            .kvk_number
            .iter()
            .map(|kvk| OrganizationIdentifier {
                id: derived(org.id, "kvk"),
                organization_id: org.id,
                identifier_scheme: "NL-KVK".into(),
                identifier_type: "KvK-nummer".into(),
                identifier: kvk.clone(),
            })
            .collect(),
        phones: org
            .phone
            .iter()
            .map(|number| Phone {
                id: derived(org.id, "phone"),
                organization_id: Some(org.id),
                contact_id: None,
                number: number.clone(),
            })
            .collect(),
        locations,
        contacts: hsds_contacts,
        services,
        metadata: checked(org.id, "organization", org.assured_date)
            .into_iter()
            .collect(),
    }
}

/// A UUID for a part of the record `id` that HSDS keeps apart, fixed by the
/// record and the part's `role` (a version-8 UUID: the record's bytes mixed
/// with the role's).
pub fn derived(id: Uuid, role: &str) -> Uuid {
    let mut bytes = *id.as_bytes();
    // FNV-1a over the role, spread over the 16 bytes.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in role.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let mix = [hash.to_le_bytes(), hash.rotate_left(29).to_be_bytes()].concat();
    for (b, m) in bytes.iter_mut().zip(mix) {
        *b ^= m;
    }
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

/// The organisation's visiting (`physical`) or postal address as a location,
/// when it has a street or a city.
fn own_location(
    org: &Organization,
    kind: &'static str,
    street: &Option<String>,
    postcode: &Option<String>,
    city: &Option<String>,
) -> Option<Location> {
    if street.is_none() && city.is_none() {
        return None;
    }
    let id = derived(org.id, kind);
    Some(Location {
        id,
        location_type: kind,
        organization_id: org.id,
        name: Some(org.name.clone()),
        addresses: vec![address(id, kind, street, postcode, city)],
    })
}

fn address(
    location_id: Uuid,
    kind: &'static str,
    street: &Option<String>,
    postcode: &Option<String>,
    city: &Option<String>,
) -> Address {
    Address {
        id: derived(location_id, "address"),
        location_id,
        address_1: street.clone().unwrap_or_default(),
        city: city.clone().unwrap_or_default(),
        state_province: String::new(),
        postal_code: postcode.clone().unwrap_or_default(),
        country: "NL",
        address_type: kind,
    }
}

/// A contact person as an HSDS contact with the id `id` (its own, or one
/// derived for its copy under a service). A contact's own address becomes a
/// location of the organisation, added once.
fn contact(
    c: &Contact,
    id: Uuid,
    organization_id: Option<Uuid>,
    service_id: Option<Uuid>,
    locations: &mut Vec<Location>,
) -> model::Contact {
    let location_id = (c.street.is_some() || c.city.is_some()).then(|| {
        let location_id = derived(c.id, "address");
        if !locations.iter().any(|l| l.id == location_id) {
            locations.push(Location {
                id: location_id,
                location_type: "physical",
                organization_id: c.organization_id,
                name: None,
                addresses: vec![address(
                    location_id,
                    "physical",
                    &c.street,
                    &c.postcode,
                    &c.city,
                )],
            });
        }
        location_id
    });
    let mut attributes = Vec::new();
    attributes.extend(attribute(id, "contact", "reachability", &c.reachability));
    attributes.extend(attribute(id, "contact", "agb_code", &c.agb_code));
    attributes.extend(attribute(id, "contact", "photo_url", &c.photo_url));
    model::Contact {
        id,
        organization_id,
        service_id,
        location_id,
        name: c.name.clone(),
        title: c.title.clone(),
        email: c.email.clone(),
        phones: c
            .phone
            .iter()
            .map(|number| Phone {
                id: derived(id, "phone"),
                organization_id: None,
                contact_id: Some(id),
                number: number.clone(),
            })
            .collect(),
        attributes,
        metadata: checked(id, "contact", c.assured_date).into_iter().collect(),
    }
}

fn offering(
    o: &Offering,
    contacts: &HashMap<Uuid, &Contact>,
    locations: &mut Vec<Location>,
) -> Service {
    Service {
        id: o.id,
        organization_id: o.organization_id,
        name: o.name.clone(),
        description: o.description.clone(),
        status: if o.published { "active" } else { "inactive" },
        application_process: o.application_process.clone(),
        fees_description: o.costs.clone(),
        eligibility_description: o.target_group.clone(),
        assured_date: o.assured_date.map(|d| d.to_string()),
        contacts: o
            .contact_ids
            .iter()
            .filter_map(|id| contacts.get(id))
            .map(|c| {
                contact(
                    c,
                    derived(c.id, &format!("service {}", o.id)),
                    None,
                    Some(o.id),
                    locations,
                )
            })
            .collect(),
        schedules: Vec::new(),
        service_at_locations: Vec::new(),
        attributes: Vec::new(),
    }
}

fn activity(a: &Activity, locations: &mut Vec<Location>) -> Service {
    let mut service_at_locations = Vec::new();
    if let Some(place) = &a.location {
        let location_id = derived(a.id, "location");
        locations.push(Location {
            id: location_id,
            location_type: "physical",
            organization_id: a.organization_id,
            name: Some(place.clone()),
            addresses: Vec::new(),
        });
        service_at_locations.push(ServiceAtLocation {
            id: derived(a.id, "service at location"),
            service_id: a.id,
            location_id,
        });
    }
    let mut attributes = Vec::new();
    attributes.extend(attribute(
        a.id,
        "service",
        "capacity",
        &a.capacity.map(|c| c.to_string()),
    ));
    attributes.extend(attribute(
        a.id,
        "service",
        "signup_opens_at",
        &a.signup_opens_at.map(rfc3339),
    ));
    attributes.extend(attribute(
        a.id,
        "service",
        "signup_closes_at",
        &a.signup_closes_at.map(rfc3339),
    ));
    Service {
        id: a.id,
        organization_id: a.organization_id,
        name: a.title.clone(),
        description: a.description.clone(),
        status: match a.status {
            ActivityStatus::Published => "active",
            ActivityStatus::Draft => "inactive",
            ActivityStatus::Cancelled => "defunct",
        },
        application_process: None,
        fees_description: None,
        eligibility_description: None,
        assured_date: a.assured_date.map(|d| d.to_string()),
        contacts: Vec::new(),
        schedules: vec![Schedule {
            id: derived(a.id, "schedule"),
            service_id: a.id,
            valid_from: a.starts_at.date_naive().to_string(),
            valid_to: a.ends_at.date_naive().to_string(),
            dtstart: rfc3339(a.starts_at),
            timezone: 0,
            opens_at: a.starts_at.format("%H:%M").to_string(),
            closes_at: a.ends_at.format("%H:%M").to_string(),
            description: "Activiteit (tijden in UTC)".into(),
        }],
        service_at_locations,
        attributes,
    }
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn attribute(
    link_id: Uuid,
    link_entity: &'static str,
    link_type: &'static str,
    value: &Option<String>,
) -> Option<Attribute> {
    value.as_ref().map(|value| Attribute {
        id: derived(link_id, link_type),
        link_id,
        link_entity,
        link_type,
        value: value.clone(),
    })
}

/// The date a record was last checked, as provenance.
fn checked(
    resource_id: Uuid,
    resource_type: &'static str,
    date: Option<NaiveDate>,
) -> Option<Metadata> {
    date.map(|date| Metadata {
        id: derived(resource_id, "assured_date"),
        resource_id,
        resource_type,
        last_action_date: date.to_string(),
        last_action_type: "verified",
        field_name: "assured_date",
        previous_value: String::new(),
        replacement_value: date.to_string(),
        updated_by: "Kaartbeheer",
    })
}
