//! The seller centre's calls to `/api/seller/…`: its own, so that their code
//! comes with the seller centre's chunk, never with a shopper's first page.

use gloo_net::http::Request;
use haitao_core::api::CodeSent;
use haitao_core::first_screen::encode_component as enc;
use haitao_core::seller::{
    CatalogProduct, ImportRefused, ImportReport, NewParcel, Parcel, PreviewLink, PublishReport,
    PublishRequest, SellerCodeRequest, SellerInvite, SellerMe, SellerPrefsChange, SellerSignIn,
    SellerUser, SellerVariant, ShipmentDetail, ShipmentList, ShipmentStatus, VariantChange,
};

use crate::api::{decode, get, no_content, ApiError, ApiResult};

async fn send<T: serde::de::DeserializeOwned>(
    request: Result<Request, gloo_net::Error>,
) -> ApiResult<T> {
    let request = request.map_err(|_| ApiError::Decode)?;
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// The signed-in user and their seller; `SignInRequired` when nobody is.
pub async fn me() -> ApiResult<SellerMe> {
    get("/api/seller/me").await
}

pub async fn send_code(email: &str) -> ApiResult<CodeSent> {
    send(
        Request::post("/api/seller/auth/code").json(&SellerCodeRequest {
            email: email.to_owned(),
        }),
    )
    .await
}

pub async fn sign_in(email: &str, code: &str) -> ApiResult<SellerMe> {
    send(
        Request::post("/api/seller/auth/session").json(&SellerSignIn {
            email: email.to_owned(),
            code: code.to_owned(),
        }),
    )
    .await
}

/// Signs this device out, or (`everywhere`) every device of the user.
pub async fn sign_out(everywhere: bool) -> ApiResult<()> {
    let url = if everywhere {
        "/api/seller/auth/session?everywhere=true"
    } else {
        "/api/seller/auth/session"
    };
    no_content(Request::delete(url)).await
}

pub async fn change_prefs(change: SellerPrefsChange) -> ApiResult<SellerMe> {
    send(Request::patch("/api/seller/me").json(&change)).await
}

pub async fn invite(email: &str) -> ApiResult<SellerUser> {
    send(Request::post("/api/seller/users").json(&SellerInvite {
        email: email.to_owned(),
    }))
    .await
}

pub async fn remove_user(id: i64) -> ApiResult<()> {
    no_content(Request::delete(&format!("/api/seller/users/{id}"))).await
}

pub async fn shipments(status: Option<ShipmentStatus>) -> ApiResult<ShipmentList> {
    get(match status {
        None => "/api/seller/shipments",
        Some(ShipmentStatus::ToShip) => "/api/seller/shipments?status=to_ship",
        Some(ShipmentStatus::Shipped) => "/api/seller/shipments?status=shipped",
    })
    .await
}

pub async fn shipment(id: &str) -> ApiResult<ShipmentDetail> {
    get(&format!("/api/seller/shipments/{}", enc(id))).await
}

/// A parcel that left; the same `key` on a retry, so it is made once.
pub async fn add_parcel(shipment: i64, key: &str, parcel: &NewParcel) -> ApiResult<Parcel> {
    send(
        Request::post(&format!("/api/seller/shipments/{shipment}/parcels"))
            .header("Idempotency-Key", key)
            .json(parcel),
    )
    .await
}

/// The QR code of a unit's authenticity code, as an image the server draws.
pub fn code_image(code: &str) -> String {
    format!("/api/seller/authenticity/{}.svg", enc(code))
}

/// Where a month's statement downloads (`2026-12`).
pub fn statement_url(month: &str) -> String {
    format!("/api/seller/statement?month={}", enc(month))
}

pub async fn products() -> ApiResult<Vec<CatalogProduct>> {
    get("/api/seller/products").await
}

/// What an upload came to: imported, or refused with every problem.
pub enum Upload {
    Imported(ImportReport),
    Refused(ImportRefused),
}

/// Uploads an import file (`json`: the JSON form, else CSV).
pub async fn import(text: String, json: bool) -> ApiResult<Upload> {
    let kind = if json { "application/json" } else { "text/csv" };
    let res = Request::post("/api/seller/imports")
        .header("Content-Type", kind)
        .body(text)
        .map_err(|_| ApiError::Decode)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if res.status() == 422 {
        return res
            .json::<ImportRefused>()
            .await
            .map(Upload::Refused)
            .map_err(|_| ApiError::Decode);
    }
    decode(res).await.map(Upload::Imported)
}

/// Puts one draft (`product`) or all of them on sale.
pub async fn publish(product: Option<String>) -> ApiResult<PublishReport> {
    send(Request::post("/api/seller/publish").json(&PublishRequest { product })).await
}

pub async fn change_variant(sku: &str, change: &VariantChange) -> ApiResult<SellerVariant> {
    send(Request::patch(&format!("/api/seller/variants/{}", enc(sku))).json(change)).await
}

/// The seller cannot fill `slug`'s pre-sale: its buyers are refunded.
pub async fn end_presale(slug: &str) -> ApiResult<haitao_core::seller::PresaleEnded> {
    send(
        Request::post(&format!(
            "/api/seller/products/{}/presale-unfilled",
            enc(slug)
        ))
        .build(),
    )
    .await
}

pub async fn preview_link() -> ApiResult<PreviewLink> {
    send(Request::post("/api/seller/preview-link").build()).await
}

/// The seller's after-sales requests, those waiting first.
pub async fn aftersales() -> ApiResult<Vec<haitao_core::aftersales::Request>> {
    get("/api/seller/aftersales").await
}

/// Approves (refunds the lines) or refuses, with a reason, a request.
pub async fn decide(
    id: i64,
    approve: bool,
    reason: &str,
) -> ApiResult<haitao_core::aftersales::Request> {
    send(
        Request::post(&format!("/api/seller/aftersales/{id}/decision"))
            .json(&serde_json::json!({ "approve": approve, "reason": reason })),
    )
    .await
}

/// Buyers' reviews of the seller's products, newest first.
pub async fn reviews() -> ApiResult<Vec<haitao_core::reviews::Review>> {
    get("/api/seller/reviews").await
}

/// The seller's one reply to a review.
pub async fn reply(id: i64, text: &str) -> ApiResult<haitao_core::reviews::Review> {
    send(
        Request::post(&format!("/api/seller/reviews/{id}/reply"))
            .json(&serde_json::json!({ "text": text })),
    )
    .await
}
