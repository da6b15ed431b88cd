//! The HTTP side: the router (API, pages, payment callbacks and the layers
//! every answer goes through), the plumbing handlers share (extractors, the
//! Origin check, the OpenAPI document) and thin handlers, one file per
//! resource: each takes what it needs from the request and `AppState`, calls
//! the module that knows the rules, and answers.

pub mod account;
pub mod aftersales;
pub mod auth;
pub mod catalog;
pub mod extract;
pub mod legal;
pub mod limits;
pub mod openapi;
pub mod orders;
pub mod pay;
pub mod preview;
pub mod reviews;
pub mod seller;
pub mod system;
pub mod tracking;
pub mod verify;

use std::path::Path;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use self::openapi::ApiDoc;
use crate::state::AppState;

/// The API routes and their OpenAPI document, from the same declarations.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(system::health))
        .routes(routes!(catalog::categories))
        .routes(routes!(catalog::products))
        .routes(routes!(catalog::product))
        .routes(routes!(catalog::seller))
        .routes(routes!(catalog::region_names))
        .routes(routes!(legal::document))
        .routes(routes!(orders::quote))
        .routes(routes!(orders::create))
        .routes(routes!(orders::get))
        .routes(routes!(orders::pay))
        .routes(routes!(orders::cancel))
        .routes(routes!(orders::receipt))
        .routes(routes!(aftersales::create, aftersales::list))
        .routes(routes!(aftersales::escalate))
        .routes(routes!(aftersales::photo))
        .routes(routes!(aftersales::seller_list))
        .routes(routes!(aftersales::decide))
        .routes(routes!(reviews::of_product))
        .routes(routes!(reviews::write, reviews::of_order))
        .routes(routes!(reviews::of_seller))
        .routes(routes!(reviews::reply))
        .routes(routes!(orders::claim))
        .routes(routes!(orders::payment_options))
        .routes(routes!(orders::notify))
        .routes(routes!(auth::send_code))
        .routes(routes!(auth::sign_in, auth::sign_out))
        .routes(routes!(auth::sign_out_everywhere))
        .routes(routes!(auth::me))
        .routes(routes!(auth::my_orders))
        .routes(routes!(account::list_addresses, account::add_address))
        .routes(routes!(account::update_address, account::delete_address))
        .routes(routes!(account::default_address))
        .routes(routes!(account::list_payers, account::add_payer))
        .routes(routes!(account::delete_payer))
        .routes(routes!(account::ask))
        .routes(routes!(account::my_questions))
        .routes(routes!(account::list_wishes, account::add_wish))
        .routes(routes!(account::delete_wish))
        .routes(routes!(preview::seller))
        .routes(routes!(preview::product))
        .routes(routes!(seller::send_code))
        .routes(routes!(seller::create_session, seller::end_session))
        .routes(routes!(seller::me, seller::change_me))
        .routes(routes!(seller::invite))
        .routes(routes!(seller::remove))
        .routes(routes!(seller::shipments))
        .routes(routes!(seller::shipment))
        .routes(routes!(seller::add_parcel))
        .routes(routes!(seller::code_image))
        .routes(routes!(verify::verify))
        .routes(routes!(seller::publish))
        .routes({
            // A seller's whole catalog in one file: more than other requests.
            let (schemas, paths, route) = routes!(seller::import);
            (
                schemas,
                paths,
                route.layer(DefaultBodyLimit::max(seller::IMPORT_MAX_BYTES)),
            )
        })
        .routes(routes!(seller::products))
        .routes(routes!(seller::change_variant))
        .routes(routes!(seller::end_presale))
        .routes(routes!(seller::statement))
        .routes(routes!(seller::preview_link))
        .routes({
            // A phone's photo: more than other requests (read by the handler,
            // which says how large is too large).
            let (schemas, paths, route) = routes!(aftersales::upload_photo);
            (schemas, paths, route.layer(DefaultBodyLimit::disable()))
        })
        .split_for_parts();
    let mut doc = doc;
    utoipa::Modify::modify(&crate::http::openapi::CommonErrors, &mut doc);
    (router, doc)
}

/// Request bodies above this are refused with 413.
pub const BODY_LIMIT: usize = 64 * 1024;

pub fn router(state: AppState, dist: &Path) -> Router {
    let (api, doc) = api();
    let mut api = api;
    // Development only: what the development SMS sender "sent".
    if state.dev_sms.is_some() {
        api = api.route("/dev/sms", get(auth::dev_sms));
    }
    // Development only: what the development mailer kept.
    if state.dev_mail.is_some() {
        api = api.route("/dev/mail", get(seller::dev_mail));
    }
    // The real providers' ways back, mounted only for those configured.
    if state.alipay.is_some() {
        use self::pay::alipay;
        api = api
            .route(
                "/payments/alipay/notify",
                axum::routing::post(alipay::notify),
            )
            .route("/payments/alipay/return", get(alipay::back));
    }
    // Always there: without Kuaidi100 configured, no push verifies.
    api = api.route(
        "/tracking/kuaidi100/notify",
        axum::routing::post(tracking::kuaidi100_notify),
    );
    if state.wechat.is_some() {
        api = api
            .route(
                "/payments/wechat/notify",
                axum::routing::post(pay::wechat::notify),
            )
            .route(
                "/payments/wechat/refund-notify",
                axum::routing::post(pay::wechat::refund_notify),
            );
    }
    let api = api
        .route("/openapi.json", get(move || async move { Json(doc) }))
        .fallback(system::api_not_found)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(crate::web::csp::API),
        ));
    let site = std::sync::Arc::new(crate::web::spa::Site::new(dist));
    let throttle = axum::middleware::from_fn_with_state(state.clone(), limits::limit);
    let mut app = Router::new()
        .nest("/api", api)
        .route("/locales/{file}", get(crate::web::l10n::messages))
        .route("/robots.txt", get(crate::web::sitemap::robots))
        .route("/sitemap.xml", get(crate::web::sitemap::sitemap));
    if state.wechat.is_some() {
        app = app.route("/pay/wechat/{id}", get(pay::wechat::page));
    }
    // The sandbox's pages exist only while it is the provider (never in production).
    if state.sandbox.is_some() {
        app = app.route(
            "/sandbox/pay/{id}",
            get(pay::sandbox::page).post(pay::sandbox::complete),
        );
    } else {
        app = app.route(
            "/sandbox/{*rest}",
            axum::routing::any(|| async { StatusCode::NOT_FOUND }),
        );
    }
    app.fallback(
            move |axum::extract::State(st): axum::extract::State<AppState>, req: axum::extract::Request| {
                crate::web::spa::serve(site.clone(), st, req)
            },
        )
        .layer(axum::middleware::map_response_with_state(
            (),
            crate::web::private::mark_private,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::auth::same_origin_with_cookie,
        ))
        .layer(throttle)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::auth::device::ensure,
        ))
        // API answers and the app page, compressed for the browser (a page of
        // 24 products: ~15 KB of JSON, ~3 KB brotli). Built files come
        // precompressed and images are compressed already: both are left alone.
        .layer(
            CompressionLayer::new().quality(tower_http::CompressionLevel::Precise(5)),
        )
        // The largest honest request is a 50-line cart with an address: a few KB.
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // A request that takes this long is stuck; the client gets 408 and may retry
        // (orders and payments are idempotent).
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(15),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("SAMEORIGIN"),
        ))
        // One line per request at INFO: method, path, status, latency.
        .layer(
            TraceLayer::new_for_http()
                // The path only: a query may carry a preview token or a shopper's search.
                .make_span_with(|req: &axum::http::Request<_>| {
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

/// A shopper's own data (an order, the address book): JSON that no browser
/// cache or proxy may keep.
pub fn no_store<T: serde::Serialize>(status: StatusCode, body: T) -> Response {
    let mut res = (status, Json(body)).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// An answer that sets the session cookie of `kind` (a new session's
/// `token`, or `None`: ended), never cached; for a shopper, beside it the
/// readable hint the storefront's header goes by.
pub fn with_session(
    st: &AppState,
    kind: crate::auth::sessions::Kind,
    token: Option<&str>,
    mut res: Response,
) -> Response {
    use crate::auth::sessions;
    let h = res.headers_mut();
    h.insert(header::SET_COOKIE, sessions::cookie(st, kind, token));
    if kind == sessions::Kind::Shopper {
        h.append(
            header::SET_COOKIE,
            sessions::hint_cookie(st, token.is_some()),
        );
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
