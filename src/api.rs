//! The one place that talks HTTP. Pages call these functions and get
//! haitao-core types back; they never build URLs or parse JSON themselves.

use gloo_net::http::{Request, Response};
use haitao_core::api::{
    Category, Order, OrderRequest, PayRequest, PaymentOptions, PaymentStart, ProductDetail,
    ProductList, ProductPreview, ProductQuery, Quote, QuoteRequest, SellerPreview, SellerProfile,
};
use haitao_core::{ErrorBody, ErrorCode};
use serde::de::DeserializeOwned;

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The server could not be reached (offline, stopped, timed out).
    Network,
    /// The server answered with the API's error shape.
    Api {
        status: u16,
        code: ErrorCode,
        field: Option<String>,
    },
    /// The server answered something that was not the API's (a proxy page, a 502).
    Http(u16),
    /// The answer did not parse: client and server disagree on a type.
    Decode,
}

impl ApiError {
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            ApiError::Api { status: 404, .. } | ApiError::Http(404)
        )
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

async fn decode<T: DeserializeOwned>(res: Response) -> ApiResult<T> {
    if res.ok() {
        return res.json::<T>().await.map_err(|_| ApiError::Decode);
    }
    let status = res.status();
    match res.json::<ErrorBody>().await {
        Ok(body) => Err(ApiError::Api {
            status,
            code: body.error.code,
            field: body.error.field,
        }),
        Err(_) => Err(ApiError::Http(status)),
    }
}

async fn get<T: DeserializeOwned>(url: &str) -> ApiResult<T> {
    decode(
        Request::get(url)
            .send()
            .await
            .map_err(|_| ApiError::Network)?,
    )
    .await
}

use haitao_core::first_screen::encode_component as enc;

pub async fn categories() -> ApiResult<Vec<Category>> {
    get("/api/categories").await
}

pub async fn products(q: &ProductQuery) -> ApiResult<ProductList> {
    get(&crate::url::with_query("/api/products", q)).await
}

pub async fn seller(slug: &str, q: &ProductQuery) -> ApiResult<SellerProfile> {
    get(&crate::url::with_query(
        &format!("/api/sellers/{}", enc(slug)),
        q,
    ))
    .await
}

pub async fn product(slug: &str) -> ApiResult<ProductDetail> {
    get(&format!("/api/products/{}", enc(slug))).await
}

pub async fn quote(req: &QuoteRequest) -> ApiResult<Quote> {
    let request = Request::post("/api/quote")
        .json(req)
        .map_err(|_| ApiError::Decode)?;
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// Places an order. The key makes a retry (after a timeout, a double tap)
/// return the first order instead of making a second.
pub async fn place_order(idempotency_key: &str, req: &OrderRequest) -> ApiResult<Order> {
    let request = Request::post("/api/orders")
        .header("Idempotency-Key", idempotency_key)
        .json(req)
        .map_err(|_| ApiError::Decode)?;
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// Starts paying an order; the answer says where the provider's page is.
pub async fn pay(
    order_id: &str,
    idempotency_key: &str,
    req: &PayRequest,
) -> ApiResult<PaymentStart> {
    let request = Request::post(&format!("/api/orders/{}/pay", enc(order_id)))
        .header("Idempotency-Key", idempotency_key)
        .json(req)
        .map_err(|_| ApiError::Decode)?;
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// The shopper cancels an unpaid order.
pub async fn cancel_order(order_id: &str) -> ApiResult<Order> {
    let request = Request::post(&format!("/api/orders/{}/cancel", enc(order_id)))
        .header("content-type", "application/json")
        .body("{}")
        .map_err(|_| ApiError::Decode)?;
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// The payment methods, and whether this shop's payments are the sandbox.
pub async fn payment_options() -> ApiResult<PaymentOptions> {
    get("/api/payments/options").await
}

/// The GB/T 2260 region tree, a static file fetched only by the checkout.
pub async fn regions() -> ApiResult<Vec<haitao_core::regions::Province>> {
    get("/data/regions.json").await
}

pub async fn order(id: &str) -> ApiResult<Order> {
    get(&format!("/api/orders/{}", enc(id))).await
}

async fn get_with_token<T: DeserializeOwned>(url: &str, token: &str) -> ApiResult<T> {
    decode(
        Request::get(url)
            .header("Authorization", &format!("Bearer {token}"))
            .send()
            .await
            .map_err(|_| ApiError::Network)?,
    )
    .await
}

/// A seller's storefront with its drafts, and the report (needs the seller's token).
pub async fn preview(seller: &str, token: &str) -> ApiResult<SellerPreview> {
    get_with_token(&format!("/api/preview/{}", enc(seller)), token).await
}

pub async fn preview_product(seller: &str, slug: &str, token: &str) -> ApiResult<ProductPreview> {
    get_with_token(
        &format!("/api/preview/{}/products/{}", enc(seller), enc(slug)),
        token,
    )
    .await
}
