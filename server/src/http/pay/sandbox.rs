//! The sandbox provider's own payment page (development only): a QR code for
//! WeChat Pay, a cashier for Alipay, where the shopper pays, cancels or fails;
//! the choice is notified to the shop signed, as a real provider would.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use haitao_core::api::PaymentMethod;
use haitao_core::Money;
use serde::Deserialize;

use crate::infra::error::ApiError;
use crate::orders::payment::notify;
use crate::payments::{qr_svg, Outcome};
use crate::state::AppState;
use crate::web::html::escape;

/// A payment as its page shows it.
#[derive(sqlx::FromRow)]
struct PageRow {
    order_id: String,
    method: String,
    amount_fen: i64,
    status: String,
}

/// The provider's payment page.
pub async fn page(State(st): State<AppState>, Path(id): Path<String>) -> Response {
    let row: Option<PageRow> =
        sqlx::query_as("SELECT order_id, method, amount_fen, status FROM payments WHERE id = $1")
            .bind(&id)
            .fetch_optional(&st.db)
            .await
            .ok()
            .flatten();
    let Some(payment) = row else {
        return (StatusCode::NOT_FOUND, Html("<!doctype html><meta charset=utf-8><title>沙箱支付</title><p>没有这笔支付 · No such payment".to_owned())).into_response();
    };
    let wechat = PaymentMethod::parse(&payment.method) == Some(PaymentMethod::Wechat);
    let (brand, colour) = if wechat {
        ("微信支付 WeChat Pay", "#07c160")
    } else {
        ("支付宝 Alipay", "#1677ff")
    };
    let amount = Money::cny(payment.amount_fen).format_number();
    let body = if payment.status != "pending" {
        format!("<p class=done>这笔支付已结束（{}）· This payment is closed.</p><p><a href=\"/orders/{}\">返回订单 · Back to the order</a></p>", escape(&payment.status), escape(&payment.order_id))
    } else {
        let code = if wechat {
            format!("<div class=qr aria-label=\"QR\">{}</div><p>请用微信扫码支付 · Scan with WeChat to pay</p>", qr_svg(&format!("haitao-sandbox://pay/{id}"), 220))
        } else {
            "<p>支付宝收银台 · Alipay cashier</p>".to_owned()
        };
        format!(
            "{code}<form method=post><button name=outcome value=succeeded class=pay>确认支付 · Pay ¥{amount}</button>\
             <button name=outcome value=cancelled>取消 · Cancel</button>\
             <button name=outcome value=failed>模拟失败 · Simulate a failure</button></form>"
        )
    };
    let html = format!(
        "<!doctype html><html lang=zh-CN><meta charset=utf-8><meta name=viewport content=\"width=device-width,initial-scale=1\">\
         <meta name=robots content=noindex><title>{brand} · 沙箱</title>\
         <style>body{{font:16px/1.5 system-ui,\"PingFang SC\",\"Noto Sans CJK SC\",sans-serif;margin:0;text-align:center;color:#1f2328}}\
         header{{background:{colour};color:#fff;padding:14px;font-weight:700}}main{{padding:16px}}.amount{{font-size:32px;font-weight:700}}\
         .qr svg{{width:220px;height:220px}}button{{display:block;width:100%;min-height:48px;margin:10px 0;border:1px solid #ccc;border-radius:24px;background:#fff;font:inherit}}\
         button.pay{{background:{colour};border-color:{colour};color:#fff;font-weight:700}}.note{{color:#5c6370;font-size:13px}}.banner{{margin:0;padding:10px 14px;background:#fff4ce;color:#5c3c00;font-size:14px}}</style>\
         <header>{brand} · 沙箱 Sandbox</header><p class=banner role=note>开发测试用的模拟支付：不会扣款，也不会真的付钱。<br>A development sandbox: no money moves.</p><main><p>海淘美国订单 · haitao order {order}</p><p class=amount>¥{amount}</p>{body}\
         <p class=note>这是测试环境，不会扣款 · A test payment: no money moves.</p></main></html>",
        order = escape(&payment.order_id),
    );
    (
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_SECURITY_POLICY, crate::web::csp::SANDBOX),
        ],
        Html(html),
    )
        .into_response()
}

/// The payment a choice is notified for.
#[derive(sqlx::FromRow)]
struct ChosenRow {
    order_id: String,
    amount_fen: i64,
    currency: String,
}

#[derive(Deserialize)]
pub struct Choice {
    outcome: Outcome,
}

/// The shopper's choice on the provider's page: the provider notifies the
/// shop (signed, exactly as an outside call would be checked) and returns the
/// shopper to the order.
pub async fn complete(
    State(st): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(choice): Form<Choice>,
) -> Result<Redirect, ApiError> {
    // Its buttons post from its own page only: a form on another site cannot
    // mark an order paid.
    if !crate::auth::origin::same_origin(&headers, st.settings.public_url.as_deref()) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            haitao_core::ErrorCode::ForeignOrigin,
            "the sandbox takes choices from its own page only",
        ));
    }
    let Some(sandbox) = st.sandbox.as_ref() else {
        return Err(ApiError::not_found("payment"));
    };
    let payment: ChosenRow =
        sqlx::query_as("SELECT order_id, amount_fen, currency FROM payments WHERE id = $1")
            .bind(&id)
            .fetch_optional(&st.db)
            .await?
            .ok_or_else(|| ApiError::not_found("payment"))?;
    let n = sandbox.notification(&id, choice.outcome, payment.amount_fen, &payment.currency);
    notify(&st, &n).await?;
    Ok(Redirect::to(&format!(
        "/orders/{}?payment={}",
        payment.order_id,
        choice.outcome.as_str()
    )))
}
