//! The OpenAPI document of the sync API, generated from the handlers'
//! annotations and the wire types (utoipa). Served at `/openapi.json` and
//! committed as `docs/openapi.json` (a test fails when they drift).

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{account_routes, photo_routes, public_routes, sync_routes};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kaartbeheer sync API",
        description = "The sync API between Kaartbeheer and the central service of a digital social map: \
sign-in, the delta changes feed, batched idempotent mutations with field-level compare-and-set, \
contact photos, and the public sign-up side. See docs/api.md.",
        license(name = "EUPL-1.2")
    ),
    paths(
        account_routes::sign_in,
        account_routes::sign_out,
        account_routes::me,
        account_routes::me_mutations,
        account_routes::policy,
        sync_routes::changes,
        sync_routes::mutations,
        public_routes::form,
        public_routes::submit,
        public_routes::unsubscribe_page,
        public_routes::unsubscribe,
        photo_routes::upload,
        photo_routes::serve,
    ),
    components(schemas(
        kaart_api::records::RecordKind,
        kaart_api::records::Record,
        kaart_api::fields::FieldChange,
        kaart_api::sync::Change,
        kaart_api::sync::Mutation,
        kaart_api::sync::MutationOp,
        kaart_api::sync::Outcome,
        kaart_api::error::ApiErrorCode,
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "account", description = "Sign-in, the caller's own profile, policy"),
        (name = "sync", description = "Changes feed and mutations per organisation"),
        (name = "photos", description = "Contact photos: uploaded by the app under the SHA-256 of the file, decoded and re-encoded by the service, served publicly under /public/v1/photos/{name} (the value of a contact person's photo_url)"),
        (name = "public", description = "What the public websites call: sign-up and unsubscribe. The form and sign-up routes allow CORS (with preflight) for the origins of the websites of the organisation that holds the activity, and for no other origin."),
    )
)]
#[derive(Debug)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// utoipa describes each `Record` variant as `allOf: [Organization, {kind}]`,
/// but the variant schemas refuse additional properties (the types deny
/// unknown fields), so no record would match. Each variant becomes its
/// struct's schema inlined, with the `kind` tag added to it. (Done on the
/// JSON: utoipa's types do not read their own output back.)
fn inline_record_variants(doc: &mut serde_json::Value) {
    let schemas = doc["components"]["schemas"].clone();
    let Some(variants) = doc["components"]["schemas"]["Record"]["oneOf"].as_array_mut() else {
        return;
    };
    for variant in variants.iter_mut() {
        let parts = variant["allOf"].as_array().cloned().unwrap_or_default();
        let (Some(reference), Some(tag)) = (
            parts.iter().find_map(|p| p["$ref"].as_str()),
            parts.iter().find(|p| p["properties"]["kind"].is_object()),
        ) else {
            continue;
        };
        let name = reference.trim_start_matches("#/components/schemas/");
        let mut inlined = schemas[name].clone();
        inlined["properties"]["kind"] = tag["properties"]["kind"].clone();
        if let Some(required) = inlined["required"].as_array_mut() {
            required.insert(0, serde_json::Value::from("kind"));
        }
        *variant = inlined;
    }
}

/// The document as served.
pub fn document() -> serde_json::Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).expect("the OpenAPI document serialises");
    inline_record_variants(&mut doc);
    doc
}

/// The document as committed: pretty JSON with a final newline.
pub fn document_json() -> String {
    let mut s = serde_json::to_string_pretty(&document()).expect("the OpenAPI document serialises");
    s.push('\n');
    s
}
