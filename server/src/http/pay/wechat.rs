//! WeChat Pay's ways back to the shop: its notification (verified, opened,
//! applied), and the shop's own payment page, which shows a desktop shopper
//! the Native QR code, or, inside WeChat after the OAuth redirect, opens the
//! in-app payment sheet. Either way the shopper ends on the order.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use haitao_core::api::PaymentMethod;
use haitao_core::Money;
use serde::Deserialize;
use serde_json::json;

use crate::orders::payment::apply;
use crate::payments::wechat::Signed;
use crate::payments::{PaymentRequest, Scene};
use crate::state::AppState;
use crate::web::html::escape;
use crate::web::l10n::t;
use haitao_core::text::Lang;

fn refuse(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "code": "FAIL", "message": message }))).into_response()
}

/// The `Wechatpay-*` headers of a notification.
fn signed_by(headers: &HeaderMap) -> Signed<'_> {
    let h = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    Signed {
        timestamp: h("Wechatpay-Timestamp"),
        nonce: h("Wechatpay-Nonce"),
        signature: h("Wechatpay-Signature"),
        serial: h("Wechatpay-Serial"),
    }
}

/// WeChat Pay's timestamps are real time, whatever the shop's clock says.
fn real_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// `POST /api/payments/wechat/notify`: answered 204 once taken; anything
/// else and WeChat Pay sends it again.
pub async fn notify(State(st): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(wechat) = st.wechat.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(body) = std::str::from_utf8(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "not UTF-8");
    };
    match wechat.read_notification(&signed_by(&headers), body, real_now()) {
        Ok(n) => match apply(&st, &n).await {
            Ok(_) => StatusCode::NO_CONTENT.into_response(),
            Err(err) => refuse(err.status, &err.message),
        },
        Err(refusal) => {
            tracing::warn!(?refusal, "WeChat Pay notification refused");
            refuse(StatusCode::UNAUTHORIZED, "refused")
        }
    }
}

/// `POST /api/payments/wechat/refund-notify`: how a refund ended (the
/// refund's `notify_url`); answered 204 once recorded.
pub async fn refund_notify(
    State(st): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(wechat) = st.wechat.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(body) = std::str::from_utf8(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "not UTF-8");
    };
    match wechat.read_refund_notification(&signed_by(&headers), body, real_now()) {
        Ok((number, state)) => {
            match crate::orders::refunds::ended(&st.db, &st.clock, &number, &state).await {
                Ok(()) => StatusCode::NO_CONTENT.into_response(),
                Err(err) => refuse(err.status, &err.message),
            }
        }
        Err(refusal) => {
            tracing::warn!(?refusal, "WeChat Pay refund notification refused");
            refuse(StatusCode::UNAUTHORIZED, "refused")
        }
    }
}

/// A payment as its WeChat Pay page needs it, with its order's deadline.
#[derive(sqlx::FromRow)]
struct PayPageRow {
    order_id: String,
    method: String,
    amount_fen: i64,
    status: String,
    provider_link: Option<String>,
    pay_by: Option<String>,
}

#[derive(Deserialize)]
pub struct Back {
    code: Option<String>,
}

/// `GET /pay/wechat/{payment}`: the QR code to scan (desktop), or with
/// `?code=` from WeChat's OAuth, the in-app payment sheet.
pub async fn page(
    State(st): State<AppState>,
    Path(payment_id): Path<String>,
    Query(back): Query<Back>,
    headers: HeaderMap,
) -> Response {
    let lang = crate::web::l10n::request_lang(&headers, None);
    let Some(wechat) = st.wechat.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let row: Option<PayPageRow> = sqlx::query_as(
        "SELECT p.order_id, p.method, p.amount_fen, p.status, p.provider_link, o.pay_by
           FROM payments p JOIN orders o ON o.id = p.order_id WHERE p.id = $1",
    )
    .bind(&payment_id)
    .fetch_optional(&st.db)
    .await
    .ok()
    .flatten();
    let Some(PayPageRow {
        order_id,
        method,
        amount_fen: fen,
        status,
        provider_link: link,
        pay_by,
    }) = row
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let order_page = format!("/orders/{order_id}");
    // Paid, failed or replaced: nothing to pay here any more.
    if status != "pending" || PaymentMethod::parse(&method) != Some(PaymentMethod::Wechat) {
        return Redirect::to(&order_page).into_response();
    }
    let req = PaymentRequest {
        payment_id: &payment_id,
        order_id: &order_id,
        amount: Money::cny(fen),
        method: PaymentMethod::Wechat,
        scene: if back.code.is_some() {
            Scene::Wechat
        } else {
            Scene::Desktop
        },
        client_ip: std::net::Ipv4Addr::UNSPECIFIED.into(),
        pay_by: pay_by.as_deref(),
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let amount = Money::cny(fen).format_number();
    let made = match back.code.as_deref() {
        Some(code) => match wechat.openid(&st.http, code).await {
            Ok(openid) => wechat
                .jsapi(&st.http, &req, &openid, now)
                .await
                .map(|sheet| {
                    sheet_page(
                        &sheet,
                        &format!("{order_page}?payment=returned"),
                        &amount,
                        lang,
                    )
                }),
            Err(err) => Err(err),
        },
        None => native_link(&st, wechat, &req, link, now)
            .await
            .map(|code_url| qr_page(&code_url, &order_page, &amount, lang)),
    };
    match made {
        Ok((html, csp)) => (
            [
                (header::CACHE_CONTROL, "no-store".to_owned()),
                (header::CONTENT_SECURITY_POLICY, csp),
            ],
            Html(html),
        )
            .into_response(),
        Err(err) => {
            tracing::error!(payment = %payment_id, error = %err, "WeChat Pay order");
            Redirect::to(&format!("{order_page}?payment=failed")).into_response()
        }
    }
}

/// The Native payment's `code_url`: asked of WeChat Pay once, then kept with
/// the payment (the QR page looks again every few seconds).
async fn native_link(
    st: &AppState,
    wechat: &crate::payments::wechat::WechatPay,
    req: &PaymentRequest<'_>,
    kept: Option<String>,
    now: i64,
) -> Result<String, crate::payments::ProviderError> {
    if let Some(link) = kept {
        return Ok(link);
    }
    let link = wechat.native(&st.http, req, now).await?;
    if let Err(err) = sqlx::query("UPDATE payments SET provider_link = $1 WHERE id = $2")
        .bind(&link)
        .bind(req.payment_id)
        .execute(&st.db)
        .await
    {
        // Not kept: the next look asks WeChat Pay again, which answers the same.
        tracing::warn!(payment = %req.payment_id, "code_url not kept: {err}");
    }
    Ok(link)
}

const STYLE: &str = "body{font:16px/1.5 system-ui,\"PingFang SC\",\"Noto Sans CJK SC\",sans-serif;margin:0;text-align:center;color:#1f2328}\
header{background:#07c160;color:#fff;padding:14px;font-weight:700}main{padding:16px}.amount{font-size:32px;font-weight:700}\
.qr svg{width:240px;height:240px}a{color:#0b57d0}";

/// The page around its body, drawn from the app's component in `lang`;
/// `extra` follows the body (the sheet page's data and script).
fn frame(
    lang: Lang,
    amount: &str,
    qr_svg: Option<String>,
    order_page: &str,
    extra: &str,
) -> String {
    let body = haitao::ssr::wechat_pay_body(lang, amount.to_owned(), qr_svg, order_page.to_owned());
    format!(
        "<!doctype html><html lang={tag}><meta charset=utf-8><meta name=viewport content=\"width=device-width,initial-scale=1\">\
         <meta name=robots content=noindex><title>{brand}</title><style>{STYLE}</style>{refresh}{body}{extra}</html>",
        tag = lang.tag(),
        brand = escape(&t(lang, "method-wechat")),
        // The QR code's page looks again by itself until the payment is done.
        refresh = if extra.is_empty() { "<meta http-equiv=refresh content=5>" } else { "" },
    )
}

/// The QR code of a Native payment; the page looks again every few seconds
/// and, once the payment is no longer pending, goes on to the order.
fn qr_page(code_url: &str, order_page: &str, amount: &str, lang: Lang) -> (String, String) {
    let svg = crate::payments::qr_svg(code_url, 240);
    (
        frame(lang, amount, Some(svg), order_page, ""),
        crate::web::csp::SANDBOX.to_owned(),
    )
}

/// Opens WeChat's payment sheet; whatever the shopper does, the order is next
/// (its status follows WeChat Pay's notification, not this page).
const SHEET_SCRIPT: &str = "var d=JSON.parse(document.getElementById('sheet').textContent);\
function go(){location.replace(d.back)}\
function pay(){WeixinJSBridge.invoke('getBrandWCPayRequest',d.sheet,go)}\
if(typeof WeixinJSBridge==='undefined'){document.addEventListener('WeixinJSBridgeReady',pay,false)}else{pay()}";

fn sheet_page(
    sheet: &crate::payments::wechat::client::Sheet,
    order_page: &str,
    amount: &str,
    lang: Lang,
) -> (String, String) {
    let data = json!({ "sheet": sheet, "back": order_page })
        .to_string()
        .replace('<', "\\u003c");
    let extra = format!(
        "<script type=application/json id=sheet>{data}</script><script>{SHEET_SCRIPT}</script>"
    );
    let csp = format!(
        "default-src 'none'; style-src 'unsafe-inline'; script-src {}; base-uri 'none'; frame-ancestors 'none'",
        crate::web::csp::hash(SHEET_SCRIPT)
    );
    (frame(lang, amount, None, order_page, &extra), csp)
}
