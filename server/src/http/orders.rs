use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use haitao_core::api::{
    Order, OrderRequest, PayRequest, PaymentOptions, PaymentStart, Quote, QuoteRequest,
};
use haitao_core::ErrorBody;

use crate::auth::{MaybeAccount, SignedIn};
use crate::http::extract::{ApiJson, Client, IdempotencyKey, Payer};
use crate::infra::error::ApiResult;
use crate::orders;
use crate::orders::access;
use crate::orders::payment;
use crate::payments::{Notification, NotifyAnswer};
use crate::state::AppState;

/// Prices cart lines: server prices, freight per parcel, tax per line, limits.
/// 409 `out_of_season`: fresh produce out of its season (the field names the line).
#[utoipa::path(
    post, path = "/quote", tag = "orders", request_body = QuoteRequest,
    responses((status = 200, body = Quote), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn quote(
    State(st): State<AppState>,
    ApiJson(req): ApiJson<QuoteRequest>,
) -> ApiResult<Json<Quote>> {
    Ok(Json(
        orders::price_cart(&st.db, &st.rate, &st.clock, &req.lines).await?,
    ))
}

/// Places an order. The same `Idempotency-Key` and body again return the
/// first order (200) instead of making a second. 422 `presale_mixed`: pre-sale
/// lines of another window, or with goods that ship now (one order, one window).
#[utoipa::path(
    post, path = "/orders", tag = "orders", request_body = OrderRequest,
    params(("Idempotency-Key" = String, Header, description = "client-made token, 8-100 of [A-Za-z0-9_-]")),
    responses(
        (status = 201, body = Order, description = "placed"),
        (status = 200, body = Order, description = "placed before with this key"),
        (status = 400, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)
    )
)]
pub async fn create(
    State(st): State<AppState>,
    MaybeAccount(account): MaybeAccount,
    Client(client): Client,
    headers: axum::http::HeaderMap,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(req): ApiJson<OrderRequest>,
) -> ApiResult<Response> {
    let device = crate::auth::device::of(&st, &headers);
    // As the limits key it (an IPv6 client by its /64); in-process, none.
    let limited_as = crate::infra::throttle::client_key(
        client.unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED)),
    );
    let asker = orders::Asker {
        account,
        client: client.map(|ip| ip.to_string()),
        device: device.clone(),
        counted_as: super::limits::who(device.as_deref(), limited_as),
    };
    let (status, mut order) = orders::place(&st, &key, &req, &asker).await?;
    // A guest keeps the way back to the order: its link carries this token.
    if asker.account.is_none() {
        order.access_token = Some(access::token(&st, &order.id));
    }
    Ok(super::no_store(status, order))
}

/// An order and its status; the mobile and ID number masked. Only for its
/// account, or with its token (header `X-Order-Token`); 404 for anyone else.
#[utoipa::path(
    get, path = "/orders/{id}", tag = "orders",
    params(("id" = String, Path), ("X-Order-Token" = Option<String>, Header, description = "a guest's order token")),
    responses((status = 200, body = Order), (status = 404, body = ErrorBody))
)]
pub async fn get(
    State(st): State<AppState>,
    access::Allowed(id): access::Allowed,
) -> ApiResult<Response> {
    orders::close::expire_if_due(&st, &id).await?;
    Ok(super::no_store(
        StatusCode::OK,
        orders::get(&st.db, &id).await?,
    ))
}

/// Cancels an order that is awaiting payment; its stock goes back on sale.
/// Cancelling again answers the same.
#[utoipa::path(
    post, path = "/orders/{id}/cancel", tag = "orders",
    params(("id" = String, Path), ("X-Order-Token" = Option<String>, Header, description = "a guest's order token")),
    responses(
        (status = 200, body = Order), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "paid or cancelled for another reason")
    )
)]
pub async fn cancel(
    State(st): State<AppState>,
    access::Allowed(id): access::Allowed,
) -> ApiResult<Response> {
    Ok(super::no_store(
        StatusCode::OK,
        orders::close::cancel(&st, &id).await?,
    ))
}

/// The shopper confirms receipt (确认收货): every parcel not yet signed for
/// is, and the order is complete. Confirming again answers the same.
#[utoipa::path(
    post, path = "/orders/{id}/receipt", tag = "orders",
    params(("id" = String, Path), ("X-Order-Token" = Option<String>, Header, description = "a guest's order token")),
    responses(
        (status = 200, body = Order), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "not every parcel has left (`order_not_shipped`)")
    )
)]
pub async fn receipt(
    State(st): State<AppState>,
    access::Allowed(id): access::Allowed,
) -> ApiResult<Response> {
    crate::tracking::delivery::confirm_receipt(&st.db, &st.clock, &id).await?;
    Ok(super::no_store(
        StatusCode::OK,
        orders::get(&st.db, &id).await?,
    ))
}

/// Keeps a guest's order in the signed-in account: the caller holds the
/// order's token (its link). 404 for a wrong token or another account's order.
#[utoipa::path(
    post, path = "/orders/{id}/claim", tag = "orders",
    params(("id" = String, Path), ("X-Order-Token" = String, Header, description = "the order's token, from its link")),
    responses((status = 200, body = Order), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn claim(
    State(st): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
    SignedIn(account): SignedIn,
    headers: axum::http::HeaderMap,
) -> ApiResult<Response> {
    let token = access::token_in(&headers).unwrap_or_default();
    access::claim(&st, &id, account, token).await?;
    Ok(super::no_store(
        StatusCode::OK,
        orders::get(&st.db, &id).await?,
    ))
}

/// The payment methods offered, and whether payments are the development
/// sandbox (no money moves).
#[utoipa::path(
    get, path = "/payments/options", tag = "orders",
    responses((status = 200, body = PaymentOptions))
)]
pub async fn payment_options(State(st): State<AppState>) -> Json<PaymentOptions> {
    Json(payment::options(&st))
}

/// Starts paying an order with Alipay or WeChat Pay; answers where to send
/// the shopper. The same `Idempotency-Key` gives the same payment.
#[utoipa::path(
    post, path = "/orders/{id}/pay", tag = "orders", request_body = PayRequest,
    params(
        ("id" = String, Path), ("Idempotency-Key" = String, Header, description = "client-made token, 8-100 of [A-Za-z0-9_-]"),
        ("X-Order-Token" = Option<String>, Header, description = "a guest's order token")
    ),
    responses(
        (status = 200, body = PaymentStart), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "not awaiting payment, or expired"),
        (status = 422, body = ErrorBody, description = "over the yearly allowance, or a key of another payment")
    )
)]
pub async fn pay(
    State(st): State<AppState>,
    access::Allowed(id): access::Allowed,
    IdempotencyKey(key): IdempotencyKey,
    from: Payer,
    ApiJson(req): ApiJson<PayRequest>,
) -> ApiResult<Json<PaymentStart>> {
    Ok(Json(
        payment::start(&st, &id, &key, req.method, (from.scene, from.ip)).await?,
    ))
}

/// A payment provider's signed word on a payment; applied once. Refused
/// unless its amount and currency are the payment's.
#[utoipa::path(
    post, path = "/payments/notify", tag = "orders", request_body = Notification,
    responses(
        (status = 200, body = NotifyAnswer), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)
    )
)]
pub async fn notify(
    State(st): State<AppState>,
    ApiJson(n): ApiJson<Notification>,
) -> ApiResult<Json<NotifyAnswer>> {
    Ok(Json(payment::notify(&st, &n).await?))
}
