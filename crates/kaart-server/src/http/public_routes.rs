//! Handlers of the public side the websites use: an activity's sign-up form,
//! submitting a sign-up, and the unsubscribe link (a Dutch confirmation page
//! on GET, the wipe on POST). No sign-in.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::Html;
use axum::Json;
use kaart_api::error::ApiError;
use kaart_api::public::{PublicForm, SignupReceipt, SignupSubmission};
use kaart_api::routes::{self, FORM_ROUTE, SIGNUPS_ROUTE, UNSUBSCRIBE_ROUTE};
use kaart_api::PUBLIC_PREFIX;
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath, ClientAddr};
use super::AppState;
use crate::failure::{ApiResult, Failure};
use crate::{mail, signups};

/// The sign-up form of a published activity, with the places left.
#[utoipa::path(
    get,
    context_path = PUBLIC_PREFIX,
    path = FORM_ROUTE,
    tag = "public",
    params(("id" = Uuid, Path, description = "The activity")),
    responses(
        (status = 200, description = "The form", body = PublicForm),
        (status = 400, description = "Malformed activity id", body = ApiError),
        (status = 404, description = "No such published activity", body = ApiError),
    )
)]
pub async fn form(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<PublicForm>> {
    Ok(Json(
        state.db.run(move |c| signups::public_form(c, id)).await?,
    ))
}

/// Sign up for a published activity. The answers are checked against the
/// form; capacity and the sign-up window are enforced. The receipt carries
/// the unsubscribe link; when the form has an e-mail field, the service
/// also sends the registrant a confirmation e-mail (their answers and the
/// same link) after answering, without waiting for it.
#[utoipa::path(
    post,
    context_path = PUBLIC_PREFIX,
    path = SIGNUPS_ROUTE,
    tag = "public",
    params(("id" = Uuid, Path, description = "The activity")),
    request_body = SignupSubmission,
    responses(
        (status = 201, description = "Signed up", body = SignupReceipt),
        (status = 400, description = "Malformed request", body = ApiError),
        (status = 404, description = "No such published activity", body = ApiError),
        (status = 409, description = "Activity full (`activity_full`), sign-up closed (`signup_closed`), or this e-mail address already signed up for it (`already_signed_up`)", body = ApiError),
        (status = 413, description = "Body too large", body = ApiError),
        (status = 422, description = "Answers not valid; see field_errors", body = ApiError),
        (status = 429, description = "Too many sign-ups from this address or for this activity; wait `Retry-After` seconds", body = ApiError,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub async fn submit(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(submission): ApiJson<SignupSubmission>,
) -> ApiResult<(StatusCode, Json<SignupReceipt>)> {
    if let Err(wait) = state.signup_limits.hit(addr, id) {
        return Err(Failure::rate_limited(
            format!(
                "Er zijn net te veel aanmeldingen verstuurd. Probeer het over {} minuten opnieuw.",
                Failure::retry_after_secs(wait).div_ceil(60)
            ),
            wait,
        ));
    }
    let submitted = state
        .db
        .run(move |c| signups::submit_signup(c, id, submission))
        .await?;
    let unsubscribe_url = format!(
        "{}{}",
        state.public_base_url,
        routes::unsubscribe(&submitted.token)
    );
    if let Some(confirmation) =
        mail::compose::confirmation(&submitted.activity, &submitted.answers, &unsubscribe_url)
    {
        state.mailer.send(confirmation);
    }
    Ok((
        StatusCode::CREATED,
        Json(SignupReceipt {
            signup_id: submitted.signup_id,
            unsubscribe_url,
        }),
    ))
}

const PAGE_HEAD: &str = "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Afmelden</title></head>\
<body style=\"font-family: sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem\">";
const PAGE_FOOT: &str = "</body></html>";

fn page(body: &str) -> Html<String> {
    Html(format!("{PAGE_HEAD}{body}{PAGE_FOOT}"))
}

/// The headers of the unsubscribe pages: the URL holds a secret token, so
/// nothing is cached or sent on as a referrer; no scripts, no framing, no
/// content sniffing. Inline styles only (the page has a `style` attribute).
const PAGE_HEADERS: [(header::HeaderName, &str); 4] = [
    (header::CACHE_CONTROL, "no-store"),
    (header::REFERRER_POLICY, "no-referrer"),
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
];

type LinkPage = (
    StatusCode,
    [(header::HeaderName, &'static str); 4],
    Html<String>,
);

/// The answer to an unsubscribe link: `body` when the link is (was) valid,
/// otherwise a 404 page saying it is not.
fn link_page(valid: bool, body: &str) -> LinkPage {
    if valid {
        (StatusCode::OK, PAGE_HEADERS, page(body))
    } else {
        (
            StatusCode::NOT_FOUND,
            PAGE_HEADERS,
            page("<h1>Link niet geldig</h1><p>Deze afmeldlink is niet (meer) geldig. Misschien ben je al afgemeld.</p>"),
        )
    }
}

/// A confirmation page with a button that unsubscribes (POSTs to this URL).
#[utoipa::path(
    get,
    context_path = PUBLIC_PREFIX,
    path = UNSUBSCRIBE_ROUTE,
    tag = "public",
    params(("token" = String, Path, description = "The token from the unsubscribe link")),
    responses(
        (status = 200, description = "Confirmation page", content_type = "text/html", body = String),
        (status = 404, description = "Unknown or used link", content_type = "text/html", body = String),
    )
)]
pub async fn unsubscribe_page(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<LinkPage> {
    let valid = state
        .db
        .run(move |c| signups::signup_for_token(c, &token))
        .await?
        .is_some();
    Ok(link_page(
        valid,
        "<h1>Afmelden</h1><p>Wil je je afmelden voor deze activiteit? \
         Al je gegevens van deze aanmelding worden dan verwijderd.</p>\
         <form method=\"post\"><button type=\"submit\">Ja, meld mij af</button></form>",
    ))
}

/// Unsubscribe: deletes the sign-up and all its personal data; only a
/// tombstone without personal data stays, for sync.
#[utoipa::path(
    post,
    context_path = PUBLIC_PREFIX,
    path = UNSUBSCRIBE_ROUTE,
    tag = "public",
    params(("token" = String, Path, description = "The token from the unsubscribe link")),
    responses(
        (status = 200, description = "Unsubscribed; data wiped", content_type = "text/html", body = String),
        (status = 404, description = "Unknown or used link", content_type = "text/html", body = String),
    )
)]
pub async fn unsubscribe(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<LinkPage> {
    let done = state
        .db
        .run(move |c| signups::unsubscribe(c, &token))
        .await?;
    Ok(link_page(
        done,
        "<h1>Je bent afgemeld</h1><p>Je aanmelding en al je gegevens daarvan zijn verwijderd.</p>",
    ))
}
