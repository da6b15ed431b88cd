//! The sandbox provider: stands in for Alipay and WeChat Pay. It shows its
//! own payment page (a QR code for WeChat Pay, a cashier for Alipay) where
//! the shopper pays, cancels or fails, then notifies the server with a signed
//! message, as a real provider would, and sends the shopper back to the order.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use haitao_core::api::PaymentMethod;
use haitao_core::Money;
use serde::Deserialize;

use super::{
    notify, Notification, Outcome, PaymentProvider, PaymentRequest, ProviderError, RefundRequest,
    RefundSent, RefundState,
};
use crate::error::ApiError;
use crate::html::escape;
use crate::secret::Secret;
use crate::state::AppState;

pub struct Sandbox {
    /// Signs and checks its notifications.
    pub key: Secret,
}

impl Sandbox {
    /// The sandbox's notification, signed as the provider would sign it.
    pub fn notification(
        &self,
        payment_id: &str,
        outcome: Outcome,
        amount_fen: i64,
        currency: &str,
    ) -> Notification {
        let mut n = Notification {
            payment_id: payment_id.to_owned(),
            outcome,
            amount_fen,
            currency: currency.to_owned(),
            signature: String::new(),
            // The sandbox's own number, as a provider's would be.
            transaction_id: Some(format!("SANDBOX{payment_id}")),
            amount_as_signed: false,
        };
        n.signature = sign(&self.key, &n);
        n
    }
}

/// The signature of a sandbox notification (tests forge and replay with it).
pub fn sign(key: &Secret, n: &Notification) -> String {
    let parts = n.signed_parts();
    let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    key.mac(&parts)
}

#[async_trait::async_trait]
impl PaymentProvider for Sandbox {
    fn is_sandbox(&self) -> bool {
        true
    }

    fn methods(&self) -> Vec<PaymentMethod> {
        vec![PaymentMethod::Alipay, PaymentMethod::Wechat]
    }

    async fn start(&self, req: &PaymentRequest<'_>) -> Result<String, ProviderError> {
        Ok(format!("/sandbox/pay/{}", req.payment_id))
    }

    fn verify(&self, n: &Notification) -> bool {
        let parts = n.signed_parts();
        let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        self.key.verify(&parts, &n.signature)
    }

    async fn refund(&self, req: &RefundRequest<'_>) -> Result<RefundSent, ProviderError> {
        // No money moved, so none goes back: the refund is only recorded.
        Ok(RefundSent {
            reference: format!("SANDBOX-{}", req.refund_id),
            state: RefundState::Done,
        })
    }
}

/// The provider's payment page.
pub async fn page(State(st): State<AppState>, Path(id): Path<String>) -> Response {
    let row: Option<(String, String, i64, String)> =
        sqlx::query_as("SELECT order_id, method, amount_fen, status FROM payments WHERE id = $1")
            .bind(&id)
            .fetch_optional(&st.db)
            .await
            .ok()
            .flatten();
    let Some((order_id, method, amount, status)) = row else {
        return (StatusCode::NOT_FOUND, Html("<!doctype html><meta charset=utf-8><title>沙箱支付</title><p>没有这笔支付 · No such payment".to_owned())).into_response();
    };
    let wechat = PaymentMethod::parse(&method) == Some(PaymentMethod::Wechat);
    let (brand, colour) = if wechat {
        ("微信支付 WeChat Pay", "#07c160")
    } else {
        ("支付宝 Alipay", "#1677ff")
    };
    let amount = Money::cny(amount).format_number();
    let body = if status != "pending" {
        format!("<p class=done>这笔支付已结束（{}）· This payment is closed.</p><p><a href=\"/orders/{}\">返回订单 · Back to the order</a></p>", escape(&status), escape(&order_id))
    } else {
        let code = if wechat {
            format!("<div class=qr aria-label=\"QR\">{}</div><p>请用微信扫码支付 · Scan with WeChat to pay</p>", super::qr_svg(&format!("haitao-sandbox://pay/{id}"), 220))
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
        order = escape(&order_id),
    );
    (
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_SECURITY_POLICY, crate::csp::SANDBOX),
        ],
        Html(html),
    )
        .into_response()
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
    if !crate::origin::same_origin(&headers, st.settings.public_url.as_deref()) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            haitao_core::ErrorCode::ForeignOrigin,
            "the sandbox takes choices from its own page only",
        ));
    }
    let Some(sandbox) = st.sandbox.as_ref() else {
        return Err(ApiError::not_found("payment"));
    };
    let (order_id, fen, currency): (String, i64, String) =
        sqlx::query_as("SELECT order_id, amount_fen, currency FROM payments WHERE id = $1")
            .bind(&id)
            .fetch_optional(&st.db)
            .await?
            .ok_or_else(|| ApiError::not_found("payment"))?;
    let n = sandbox.notification(&id, choice.outcome, fen, &currency);
    notify(&st, &n).await?;
    Ok(Redirect::to(&format!(
        "/orders/{order_id}?payment={}",
        choice.outcome.as_str()
    )))
}
