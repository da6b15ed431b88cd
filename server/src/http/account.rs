use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use haitao_core::api::{
    Address, Identity, NewPayer, NewQuestion, NewWish, Question, SavedAddress, SavedPayer,
};
use haitao_core::legal::DocumentName;
use haitao_core::ErrorBody;

use crate::account::{addresses, payers, questions, wishes};
use crate::auth::SignedIn;
use crate::http::extract::ApiJson;
use crate::infra::error::ApiResult;
use crate::legal::consents;
use crate::state::AppState;

/// The address book, the default first; mobiles masked.
#[utoipa::path(
    get, path = "/account/addresses", tag = "account",
    responses((status = 200, body = [SavedAddress]), (status = 401, body = ErrorBody))
)]
pub async fn list_addresses(
    State(st): State<AppState>,
    SignedIn(acc): SignedIn,
) -> ApiResult<Response> {
    Ok(super::no_store(
        StatusCode::OK,
        addresses::list(&st, acc).await?,
    ))
}

/// Adds an address (checked as the checkout checks it); the first is the default.
#[utoipa::path(
    post, path = "/account/addresses", tag = "account", request_body = Address,
    responses((status = 201, body = SavedAddress), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn add_address(
    State(st): State<AppState>,
    SignedIn(acc): SignedIn,
    ApiJson(a): ApiJson<Address>,
) -> ApiResult<Response> {
    Ok(super::no_store(
        StatusCode::CREATED,
        addresses::add(&st, acc, &a).await?,
    ))
}

/// Replaces an address; a mobile sent back masked stays as it was.
#[utoipa::path(
    put, path = "/account/addresses/{id}", tag = "account", request_body = Address, params(("id" = i64, Path)),
    responses((status = 200, body = SavedAddress), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn update_address(
    State(st): State<AppState>,
    SignedIn(acc): SignedIn,
    Path(id): Path<i64>,
    ApiJson(a): ApiJson<Address>,
) -> ApiResult<Response> {
    Ok(super::no_store(
        StatusCode::OK,
        addresses::update(&st, acc, id, &a).await?,
    ))
}

/// Deletes an address.
#[utoipa::path(
    delete, path = "/account/addresses/{id}", tag = "account", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn delete_address(
    State(st): State<AppState>,
    SignedIn(acc): SignedIn,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    addresses::delete(&st, acc, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Makes an address the default; the book as it now is.
#[utoipa::path(
    post, path = "/account/addresses/{id}/default", tag = "account", params(("id" = i64, Path)),
    responses((status = 200, body = [SavedAddress]), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn default_address(
    State(st): State<AppState>,
    SignedIn(acc): SignedIn,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    Ok(super::no_store(
        StatusCode::OK,
        addresses::make_default(&st, acc, id).await?,
    ))
}

/// Saved payers: name and masked ID number.
#[utoipa::path(
    get, path = "/account/payers", tag = "account",
    responses((status = 200, body = [SavedPayer]), (status = 401, body = ErrorBody))
)]
pub async fn list_payers(
    State(st): State<AppState>,
    SignedIn(acc): SignedIn,
) -> ApiResult<Response> {
    Ok(super::no_store(
        StatusCode::OK,
        payers::list(&st, acc).await?,
    ))
}

/// Saves a payer (checked as the checkout checks it), with the separate
/// consent to keep the ID number (422 `consent_missing` without it, 409
/// `consent_outdated` for an older version); the same number again answers
/// the one saved before (200).
#[utoipa::path(
    post, path = "/account/payers", tag = "account", request_body = NewPayer,
    responses((status = 201, body = SavedPayer), (status = 200, body = SavedPayer), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn add_payer(
    State(st): State<AppState>,
    SignedIn(acc): SignedIn,
    ApiJson(req): ApiJson<NewPayer>,
) -> ApiResult<Response> {
    const NEEDED: [DocumentName; 1] = [DocumentName::ConsentId];
    consents::check(&st.documents, &req.accepted, &NEEDED)?;
    let who = Identity {
        name: req.name,
        id_number: req.id_number,
    };
    let (status, p) = payers::add(&st, acc, &who).await?;
    consents::record(
        &mut *st.db.acquire().await?,
        &st.documents,
        acc,
        &NEEDED,
        &st.clock.stamp(),
    )
    .await?;
    Ok(super::no_store(status, p))
}

/// Deletes a saved payer (orders placed with it keep their own copy).
#[utoipa::path(
    delete, path = "/account/payers/{id}", tag = "account", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn delete_payer(
    State(st): State<AppState>,
    SignedIn(acc): SignedIn,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    payers::delete(&st, acc, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Asks the seller a question about a product; the answer comes by SMS and
/// on the account page (429 `question_limit` past the day's questions).
#[utoipa::path(
    post, path = "/questions", tag = "account", request_body = NewQuestion,
    responses((status = 201, body = Question), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody))
)]
pub async fn ask(
    State(st): State<AppState>,
    SignedIn(acc): SignedIn,
    ApiJson(q): ApiJson<NewQuestion>,
) -> ApiResult<Response> {
    Ok(super::no_store(
        StatusCode::CREATED,
        questions::ask(&st, acc, &q).await?,
    ))
}

/// The account's questions and their answers, newest first.
#[utoipa::path(
    get, path = "/account/questions", tag = "account",
    responses((status = 200, body = [Question]), (status = 401, body = ErrorBody))
)]
pub async fn my_questions(
    State(st): State<AppState>,
    SignedIn(acc): SignedIn,
) -> ApiResult<Response> {
    Ok(super::no_store(
        StatusCode::OK,
        questions::mine(&st, acc).await?,
    ))
}

/// The products the account waits to be told about (slugs).
#[utoipa::path(
    get, path = "/account/wishes", tag = "account",
    responses((status = 200, body = [String]), (status = 401, body = ErrorBody))
)]
pub async fn list_wishes(
    State(st): State<AppState>,
    SignedIn(acc): SignedIn,
) -> ApiResult<Response> {
    Ok(super::no_store(
        StatusCode::OK,
        wishes::list(&st, acc).await?,
    ))
}

/// "Notify me at harvest": one SMS when the product's season opens and it is
/// in stock (409 `in_season` when it is on sale now).
#[utoipa::path(
    post, path = "/account/wishes", tag = "account", request_body = NewWish,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
pub async fn add_wish(
    State(st): State<AppState>,
    SignedIn(acc): SignedIn,
    ApiJson(w): ApiJson<NewWish>,
) -> ApiResult<StatusCode> {
    wishes::add(&st, acc, &w.product).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stops waiting for a product's harvest.
#[utoipa::path(
    delete, path = "/account/wishes/{product}", tag = "account", params(("product" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody))
)]
pub async fn delete_wish(
    State(st): State<AppState>,
    SignedIn(acc): SignedIn,
    Path(product): Path<String>,
) -> ApiResult<StatusCode> {
    wishes::remove(&st, acc, &product).await?;
    Ok(StatusCode::NO_CONTENT)
}
