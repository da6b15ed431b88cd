//! The one place that talks HTTP. Pages call these functions and get
//! haitao-core types back; they never build URLs or parse JSON themselves.

use gloo_net::http::{Request, Response};
use haitao_core::api::{
    Account, Address, Category, CodeRequest, CodeSent, Order, OrderPage, OrderRequest, PayRequest,
    PaymentOptions, PaymentStart, ProductDetail, ProductList, ProductPreview, ProductQuery, Quote,
    QuoteRequest, SavedAddress, SavedPayer, SellerPreview, SellerProfile, SignIn,
};
use haitao_core::legal::{Accepted, Document, DocumentName};
use haitao_core::text::Lang;
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
    /// What the server answers a guest who asks for the account's things.
    pub fn signed_out() -> Self {
        ApiError::Api {
            status: 401,
            code: ErrorCode::SignInRequired,
            field: None,
        }
    }

    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            ApiError::Api { status: 404, .. } | ApiError::Http(404)
        )
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

pub(crate) async fn decode<T: DeserializeOwned>(res: Response) -> ApiResult<T> {
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

pub(crate) async fn get<T: DeserializeOwned>(url: &str) -> ApiResult<T> {
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
    let order: Order = decode(request.send().await.map_err(|_| ApiError::Network)?).await?;
    // A guest's way back to the order.
    if let Some(t) = &order.access_token {
        crate::order_tokens::remember(&order.id, t);
    }
    Ok(order)
}

/// A request about an order, with the guest's token when this device has it.
fn for_order(
    builder: gloo_net::http::RequestBuilder,
    order_id: &str,
) -> gloo_net::http::RequestBuilder {
    match crate::order_tokens::get(order_id) {
        Some(t) => builder.header("X-Order-Token", &t),
        None => builder,
    }
}

/// Starts paying an order; the answer says where the provider's page is.
pub async fn pay(
    order_id: &str,
    idempotency_key: &str,
    req: &PayRequest,
) -> ApiResult<PaymentStart> {
    let request = for_order(
        Request::post(&format!("/api/orders/{}/pay", enc(order_id))),
        order_id,
    )
    .header("Idempotency-Key", idempotency_key)
    .json(req)
    .map_err(|_| ApiError::Decode)?;
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// The shopper cancels an unpaid order.
pub async fn cancel_order(order_id: &str) -> ApiResult<Order> {
    order_action(order_id, "cancel").await
}

/// The shopper confirms the order arrived (确认收货).
pub async fn confirm_receipt(order_id: &str) -> ApiResult<Order> {
    order_action(order_id, "receipt").await
}

/// `POST /api/orders/{id}/{action}` with no body of its own: its answer.
async fn order_action<T: DeserializeOwned>(order_id: &str, action: &str) -> ApiResult<T> {
    let request = for_order(
        Request::post(&format!("/api/orders/{}/{action}", enc(order_id))),
        order_id,
    )
    .header("content-type", "application/json")
    .body("{}")
    .map_err(|_| ApiError::Decode)?;
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// Keeps a guest's order (whose token this device holds) in the signed-in account.
pub async fn claim_order(order_id: &str) -> ApiResult<Order> {
    let request = for_order(
        Request::post(&format!("/api/orders/{}/claim", enc(order_id))),
        order_id,
    )
    .body("")
    .map_err(|_| ApiError::Decode)?;
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// The payment methods, and whether this shop's payments are the sandbox.
pub async fn payment_options() -> ApiResult<PaymentOptions> {
    get("/api/payments/options").await
}

/// The GB/T 2260 region tree, a static file fetched only by the checkout.
/// A legal document in `lang`, with the version a consent names.
pub async fn document(name: DocumentName, lang: Lang) -> ApiResult<Document> {
    get(&format!(
        "/api/documents/{}?lang={}",
        name.slug(),
        lang.tag()
    ))
    .await
}

/// What the shop knows of a unit's authenticity code (the check is counted).
pub async fn verify(code: &str) -> ApiResult<haitao_core::api::Verification> {
    get(&format!("/api/verify/{}", enc(code))).await
}

/// Messages at `url` (src/locales.rs), as the Fluent text they are.
pub async fn messages(url: &str) -> ApiResult<String> {
    let res = Request::get(url)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if !res.ok() {
        return Err(ApiError::Http(res.status()));
    }
    res.text().await.map_err(|_| ApiError::Network)
}

pub async fn regions() -> ApiResult<Vec<haitao_core::regions::Province>> {
    get("/data/regions.json").await
}

/// English names of the provinces and cities (`region_names.rs`).
pub async fn region_names() -> ApiResult<haitao_core::api::RegionNames> {
    get("/api/regions/en").await
}

pub async fn order(id: &str) -> ApiResult<Order> {
    let request = for_order(Request::get(&format!("/api/orders/{}", enc(id))), id);
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// Asks for a sign-in code by SMS.
pub async fn send_code(phone: &str) -> ApiResult<CodeSent> {
    let request = Request::post("/api/auth/code")
        .json(&CodeRequest {
            phone: phone.to_owned(),
        })
        .map_err(|_| ApiError::Decode)?;
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// Signs in, with the user agreement and privacy policy `accepted`; the
/// server sets the session cookie.
pub async fn sign_in(phone: &str, code: &str, accepted: Vec<Accepted>) -> ApiResult<Account> {
    let request = Request::post("/api/auth/session")
        .json(&SignIn {
            phone: phone.to_owned(),
            code: code.to_owned(),
            accepted,
        })
        .map_err(|_| ApiError::Decode)?;
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// Signs this device out, or (`everywhere`) every device of the account.
pub async fn sign_out(everywhere: bool) -> ApiResult<()> {
    let url = if everywhere {
        "/api/auth/sessions"
    } else {
        "/api/auth/session"
    };
    no_content(Request::delete(url)).await
}

/// The signed-in account; `ApiError::Api { code: SignInRequired, .. }` when nobody is.
pub async fn account() -> ApiResult<Account> {
    get("/api/account").await
}

/// The account's address book (mobiles masked), the default first.
pub async fn addresses() -> ApiResult<Vec<SavedAddress>> {
    get("/api/account/addresses").await
}

/// Adds (`id` None) or replaces an address in the book.
pub async fn save_address(id: Option<i64>, a: &Address) -> ApiResult<SavedAddress> {
    let request = match id {
        None => Request::post("/api/account/addresses"),
        Some(id) => Request::put(&format!("/api/account/addresses/{id}")),
    };
    let request = request.json(a).map_err(|_| ApiError::Decode)?;
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

pub async fn delete_address(id: i64) -> ApiResult<()> {
    no_content(Request::delete(&format!("/api/account/addresses/{id}"))).await
}

pub async fn default_address(id: i64) -> ApiResult<Vec<SavedAddress>> {
    let request = Request::post(&format!("/api/account/addresses/{id}/default"));
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// Saved payers: names and masked ID numbers.
pub async fn payers() -> ApiResult<Vec<SavedPayer>> {
    get("/api/account/payers").await
}

pub async fn save_payer(who: &haitao_core::api::NewPayer) -> ApiResult<SavedPayer> {
    let request = Request::post("/api/account/payers")
        .json(who)
        .map_err(|_| ApiError::Decode)?;
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

pub async fn delete_payer(id: i64) -> ApiResult<()> {
    no_content(Request::delete(&format!("/api/account/payers/{id}"))).await
}

/// Asks the seller about a product.
pub async fn ask(q: &haitao_core::api::NewQuestion) -> ApiResult<haitao_core::api::Question> {
    let request = Request::post("/api/questions")
        .json(q)
        .map_err(|_| ApiError::Decode)?;
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// The account's questions and answers, newest first.
pub async fn my_questions() -> ApiResult<Vec<haitao_core::api::Question>> {
    get("/api/account/questions").await
}

/// The products the account waits for the harvest of (slugs).
pub async fn wishes() -> ApiResult<Vec<String>> {
    get("/api/account/wishes").await
}

/// Waits for a product's harvest (`on`), or stops waiting.
pub async fn wish(product: &str, on: bool) -> ApiResult<()> {
    if on {
        let body = haitao_core::api::NewWish {
            product: product.to_owned(),
        };
        let request = Request::post("/api/account/wishes")
            .json(&body)
            .map_err(|_| ApiError::Decode)?;
        empty(request.send().await.map_err(|_| ApiError::Network)?).await
    } else {
        no_content(Request::delete(&format!(
            "/api/account/wishes/{}",
            enc(product)
        )))
        .await
    }
}

/// A request whose success has no body (204).
pub(crate) async fn no_content(builder: gloo_net::http::RequestBuilder) -> ApiResult<()> {
    empty(builder.send().await.map_err(|_| ApiError::Network)?).await
}

/// An answer whose success has no body.
async fn empty(res: gloo_net::http::Response) -> ApiResult<()> {
    if res.ok() {
        Ok(())
    } else {
        decode::<()>(res).await
    }
}

/// "My orders", newest first; `status` one of awaiting_payment, paid, shipped, cancelled.
pub async fn my_orders(status: Option<&str>, page: u32) -> ApiResult<OrderPage> {
    let mut url = format!("/api/account/orders?page={page}");
    if let Some(s) = status {
        url.push_str(&format!("&status={}", enc(s)));
    }
    get(&url).await
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

/// A photo kept for an order (a request or a review names its id).
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct PhotoKept {
    pub id: String,
    pub url: String,
}

/// Sends a photo the shopper chose (a `File`, as the input gives it) for
/// `order_id`: the server takes only a picture, and writes it again.
pub async fn upload_photo(
    order_id: &str,
    file: &wasm_bindgen::JsValue,
    content_type: &str,
) -> ApiResult<PhotoKept> {
    let request = for_order(
        Request::post(&format!("/api/orders/{}/photos", enc(order_id))),
        order_id,
    )
    .header("content-type", content_type)
    .body(file.clone())
    .map_err(|_| ApiError::Decode)?;
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// The order's after-sales requests, newest first.
pub async fn aftersales(order_id: &str) -> ApiResult<Vec<haitao_core::aftersales::Request>> {
    let request = for_order(
        Request::get(&format!("/api/orders/{}/aftersales", enc(order_id))),
        order_id,
    );
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// Asks for money back for some lines; `key` makes a retry the same request.
pub async fn ask_aftersales(
    order_id: &str,
    key: &str,
    req: &haitao_core::aftersales::NewRequest,
) -> ApiResult<haitao_core::aftersales::Request> {
    let request = for_order(
        Request::post(&format!("/api/orders/{}/aftersales", enc(order_id))),
        order_id,
    )
    .header("Idempotency-Key", key)
    .json(req)
    .map_err(|_| ApiError::Decode)?;
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// Takes a refused request to the shop.
pub async fn escalate_aftersales(
    order_id: &str,
    id: i64,
) -> ApiResult<haitao_core::aftersales::Request> {
    order_action(order_id, &format!("aftersales/{id}/escalate")).await
}

/// The order's reviews (which of its lines the buyer reviewed).
pub async fn order_reviews(order_id: &str) -> ApiResult<Vec<haitao_core::reviews::Review>> {
    let request = for_order(
        Request::get(&format!("/api/orders/{}/reviews", enc(order_id))),
        order_id,
    );
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// Reviews a delivered line of the order.
pub async fn write_review(
    order_id: &str,
    review: &haitao_core::reviews::NewReview,
) -> ApiResult<haitao_core::reviews::Review> {
    let request = for_order(
        Request::post(&format!("/api/orders/{}/reviews", enc(order_id))),
        order_id,
    )
    .json(review)
    .map_err(|_| ApiError::Decode)?;
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// A product's reviews, the reader's language first.
pub async fn product_reviews(
    slug: &str,
    lang: Lang,
) -> ApiResult<haitao_core::reviews::ReviewPage> {
    get(&format!(
        "/api/products/{}/reviews?lang={}",
        enc(slug),
        lang.tag()
    ))
    .await
}
