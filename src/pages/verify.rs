//! `/v/:code`: "is it genuine?", what the QR code on a unit's label opens
//! (WeChat's scanner, a phone's camera). The product, its seller and
//! verification, when it left and for which city, and how often the code
//! has been checked: a code checked from many places is said so plainly.
//! Part of the seller centre's app (src/seller_centre/app.rs), not the shop's.

use haitao_core::api::Verification;
use haitao_core::routes::product_path;
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::l10n_text::Txt;
use crate::components::page_title::PageTitle;
use crate::components::status::{ErrorPanel, Spinner};

#[component]
pub fn VerifyPage() -> impl IntoView {
    crate::region_names::Names::provide();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let found = LocalResource::new(move || {
        let c = code();
        async move { api::verify(&c).await }
    });
    view! {
        <PageTitle text=move || tr!("verify-title")/>
        <section class="verify">
            {move || match found.get() {
                None => view! { <Spinner/> }.into_any(),
                Some(Err(err)) if err.is_not_found() => view! {
                    <h1>{move_tr!("verify-title")}</h1>
                    <p class="verify-unknown" role="alert">{move || tr!("verify-unknown", { "code" => code() })}</p>
                }.into_any(),
                Some(Err(err)) => view! { <ErrorPanel err retry=move |_| found.refetch()/> }.into_any(),
                Some(Ok(v)) => view! { <Genuine v/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Genuine(v: Verification) -> impl IntoView {
    let name = v.product.name.clone();
    let label = v.product.label.clone();
    let seller = v.seller.name.clone();
    let (checks, first) = (v.checks, v.first_checked_at.clone());
    let first_day = first.clone();
    view! {
        <h1>{move_tr!("verify-title")}</h1>
        {if v.flagged {
            view! {
                <p class="verify-flagged notice" role="alert">
                    {move || tr!("verify-flagged", { "count" => checks, "date" => crate::i18n::date(&first) })}
                </p>
            }.into_any()
        } else {
            view! { <p class="verify-genuine">{move_tr!("verify-genuine")}</p> }.into_any()
        }}
        <p class="verify-code">{v.code.clone()}</p>
        // Another app's page (the shop's): a page load, not this router's.
        <a href=product_path(&v.product.slug) class="verify-product" rel="external">
            {(!v.product.image.is_empty()).then(|| view! { <img src=v.product.image.clone() alt="" width="96" height="96"/> })}
            <span><Txt t=name/><br/><span class="verify-label"><Txt t=label/></span></span>
        </a>
        <p class="verify-seller">
            <Txt t=seller/>
            {v.seller_verified_on.clone().map(|on| view! {
                " · " {move || tr!("verify-seller-since", { "date" => crate::i18n::calendar_day(&on) })}
            })}
        </p>
        <p class="verify-shipped">{
            let (province, city) = (v.province.clone(), v.city.clone());
            let shipped = v.shipped_at.clone();
            move || match &shipped {
                // "上海市", and in English "上海市 (Shanghai)".
                Some(at) => tr!("verify-shipped", {
                    "date" => crate::i18n::date(at),
                    "city" => crate::region_names::place_text(&province, &city, "", "")
                }),
                None => tr!("verify-not-shipped"),
            }
        }</p>
        {(!v.flagged).then(|| view! {
            <p class="verify-checks">{move || if checks > 1 {
                tr!("verify-checks", { "count" => checks, "date" => crate::i18n::date(&first_day) })
            } else {
                tr!("verify-checks-first")
            }}</p>
        })}
    }
}
