//! The body of the shop's own WeChat Pay page, which the server draws (it is
//! not a page of the app): on a desktop the Native payment's QR code to scan
//! with a phone, inside WeChat a note while the in-app payment sheet opens.
//! In the app's words, in the shopper's language.

use leptos::prelude::*;
use leptos_fluent::{tr, I18n};

#[component]
pub fn WechatPayBody(
    /// The amount in yuan, formatted.
    amount: String,
    /// The QR code as SVG markup (the server makes it), or none inside WeChat.
    qr_svg: Option<String>,
    order_page: String,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let brand = tr!(i18n, "method-wechat");
    view! {
        <header>{brand.clone()}</header>
        <main>
            <p class="amount">"¥" {amount}</p>
            {match qr_svg {
                Some(svg) => view! {
                    <div class="qr" role="img" aria-label=brand inner_html=svg></div>
                    <p>{tr!(i18n, "wxpay-scan")}</p>
                }.into_any(),
                None => view! { <p>{tr!(i18n, "wxpay-opening")}</p> }.into_any(),
            }}
            <p><a href=order_page>{tr!(i18n, "back-to-order")}</a></p>
        </main>
    }
}
