//! The parts of Open Referral HSDS 3.0 (Human Services Data Specification,
//! <https://docs.openreferral.org/en/latest/hsds/>) that Kaartbeheer's
//! records fill: an `organization` with its nested `services`, `contacts`,
//! `phones`, `locations`, `organization_identifiers` and `metadata`, in the
//! nesting of the specification's compiled `organization` schema. Field
//! names and enumerations are the specification's; absent values are left
//! out rather than written as `null`.

use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Serialize)]
pub struct Organization {
    pub id: Uuid,
    pub name: String,
    /// Required by HSDS; empty when the organisation has none.
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    pub organization_identifiers: Vec<OrganizationIdentifier>,
    pub phones: Vec<Phone>,
    pub locations: Vec<Location>,
    pub contacts: Vec<Contact>,
    pub services: Vec<Service>,
    pub metadata: Vec<Metadata>,
}

#[derive(Debug, Serialize)]
pub struct OrganizationIdentifier {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub identifier_scheme: String,
    pub identifier_type: String,
    pub identifier: String,
}

#[derive(Debug, Serialize)]
pub struct Phone {
    pub id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<Uuid>,
    pub number: String,
}

/// `location_type` is one of `physical`, `postal`, `virtual`.
#[derive(Debug, Serialize)]
pub struct Location {
    pub id: Uuid,
    pub location_type: &'static str,
    pub organization_id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub addresses: Vec<Address>,
}

/// HSDS requires every field here; Kaartbeheer's addresses are Dutch, so
/// `country` is `NL` and `state_province` (a province Kaartbeheer does not
/// record) is empty.
#[derive(Debug, Serialize)]
pub struct Address {
    pub id: Uuid,
    pub location_id: Uuid,
    pub address_1: String,
    pub city: String,
    pub state_province: String,
    pub postal_code: String,
    pub country: &'static str,
    pub address_type: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Contact {
    pub id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_id: Option<Uuid>,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub phones: Vec<Phone>,
    pub attributes: Vec<Attribute>,
    pub metadata: Vec<Metadata>,
}

/// `status` is one of `active`, `inactive`, `defunct`, `temporarily closed`.
#[derive(Debug, Serialize)]
pub struct Service {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_process: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fees_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligibility_description: Option<String>,
    /// The date the service's information was last checked (`YYYY-MM-DD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assured_date: Option<String>,
    pub contacts: Vec<Contact>,
    pub schedules: Vec<Schedule>,
    pub service_at_locations: Vec<ServiceAtLocation>,
    pub attributes: Vec<Attribute>,
}

/// One occurrence of an activity, in UTC (`timezone` is the offset, 0):
/// `valid_from`/`valid_to` its dates, `dtstart` its start as an RFC 3339
/// time, `opens_at`/`closes_at` its times of day.
#[derive(Debug, Serialize)]
pub struct Schedule {
    pub id: Uuid,
    pub service_id: Uuid,
    pub valid_from: String,
    pub valid_to: String,
    pub dtstart: String,
    pub timezone: i32,
    pub opens_at: String,
    pub closes_at: String,
    pub description: String,
}

#[derive(Debug, Serialize)]
pub struct ServiceAtLocation {
    pub id: Uuid,
    pub service_id: Uuid,
    pub location_id: Uuid,
}

/// A value HSDS has no field for, kept as an attribute so nothing is lost:
/// `link_type` names what it is (e.g. `agb_code`), `value` holds it.
#[derive(Debug, Serialize)]
pub struct Attribute {
    pub id: Uuid,
    pub link_id: Uuid,
    pub link_entity: &'static str,
    pub link_type: &'static str,
    pub value: String,
}

/// Provenance: used for the date a record without an `assured_date` field
/// in HSDS (the organisation, a contact person) was last checked.
#[derive(Debug, Serialize)]
pub struct Metadata {
    pub id: Uuid,
    pub resource_id: Uuid,
    pub resource_type: &'static str,
    pub last_action_date: String,
    pub last_action_type: &'static str,
    pub field_name: &'static str,
    pub previous_value: String,
    pub replacement_value: String,
    pub updated_by: &'static str,
}
