//! The seller centre (`/seller`): where a US farm or small business signs in
//! by email, runs its catalog, packs and ships what was bought, and sets
//! its mails. An app of its own (`app`, built from seller.html into
//! dist/seller/) on the shop's components and i18n, with its own messages
//! (locales/*/seller-*.ftl, src/locales.rs's `Part`) and styles
//! (style/seller.css): a shopper downloads none of it.

mod aftersales;
pub mod api;
pub mod app;
pub mod catalog;
mod errors;
mod list_screen;
mod reviews;
mod settings;
mod shipment;
mod shipments;
mod sign_in;

use haitao_core::routes::SellerRoute;
use haitao_core::seller::SellerMe;
use leptos::prelude::*;
use leptos_fluent::move_tr;
use leptos_router::hooks::use_location;

use crate::api::{ApiError, ApiResult};
use crate::components::l10n_text::Txt;
use crate::components::page_title::PageTitle;
use crate::components::status::{ErrorPanel, Spinner};

/// The signed-in user and their seller, for every page of the centre.
#[derive(Clone, Copy)]
pub struct Me(pub LocalResource<ApiResult<SellerMe>>);

/// Whether an answer says nobody is signed in.
fn signed_out(err: &ApiError) -> bool {
    matches!(err, ApiError::Api { status: 401, .. })
}

/// Whether the server said, with the page, that this device has no session
/// (read once: after a sign-in the page's word is old).
fn page_says_signed_out() -> bool {
    static READ: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    !READ.swap(true, std::sync::atomic::Ordering::Relaxed)
        && document()
            .query_selector("meta[name=haitao-seller-session][content=none]")
            .ok()
            .flatten()
            .is_some()
}

/// The signed-in user: asked of the server, unless the page already said
/// nobody is.
async fn signed_in_user() -> ApiResult<SellerMe> {
    if page_says_signed_out() {
        return Err(ApiError::signed_out());
    }
    api::me().await
}

/// Around every page of the centre: its messages fetched, the user known
/// (the sign-in form while nobody is), the centre's bar and tabs.
#[component]
fn SellerCentre(children: ChildrenFn) -> impl IntoView {
    let me = Me(LocalResource::new(signed_in_user));
    provide_context(me);
    let children = StoredValue::new(children);
    view! {
        <div class="sc">
            {move || {
                match me.0.get() {
                    None => view! { <Spinner/> }.into_any(),
                    Some(Err(err)) if signed_out(&err) => view! {
                        <PageTitle text=move || leptos_fluent::tr!("sc-sign-in-title")/>
                        <sign_in::SignIn on_signed_in=move |_| me.0.refetch()/>
                    }.into_any(),
                    Some(Err(err)) => view! { <ErrorPanel err retry=move |_| me.0.refetch()/> }.into_any(),
                    Some(Ok(who)) => view! {
                        <Bar who/>
                        {children.with_value(|c| c())}
                    }.into_any(),
                }
            }}
        </div>
    }
}

/// The seller's name and the centre's tabs.
#[component]
fn Bar(who: SellerMe) -> impl IntoView {
    let path = use_location().pathname;
    let tab = move |route: SellerRoute, label: Signal<String>| {
        let href = route.path();
        let here = {
            let href = href.clone();
            move || {
                let p = path.get();
                if route == SellerRoute::Shipments {
                    p == href || p.starts_with("/seller/shipments/")
                } else {
                    p == href
                }
            }
        };
        view! {
            // A plain link (the router handles it): Leptos's A would also mark the
            // orders tab, whose path every other tab's begins with.
            <a href=href class="sc-tab" aria-current=move || here().then_some("page")>{label}</a>
        }
    };
    let name = Signal::stored(who.seller.name.clone());
    view! {
        <div class="sc-bar">
            <p class="sc-seller">
                <span class="sc-seller-name"><Txt t=name/></span>
                <span class="sc-user">{who.user.email.clone()}</span>
            </p>
            <nav class="sc-tabs" aria-label=move_tr!("sc-tabs-label")>
                {tab(SellerRoute::Shipments, Signal::derive(move || leptos_fluent::tr!("sc-tab-orders")))}
                {tab(SellerRoute::Catalog, Signal::derive(move || leptos_fluent::tr!("sc-tab-catalog")))}
                {tab(SellerRoute::Aftersales, Signal::derive(move || leptos_fluent::tr!("sc-tab-aftersales")))}
                {tab(SellerRoute::Reviews, Signal::derive(move || leptos_fluent::tr!("sc-tab-reviews")))}
                {tab(SellerRoute::Settings, Signal::derive(move || leptos_fluent::tr!("sc-tab-settings")))}
            </nav>
        </div>
    }
}

/// `/seller/…`: one route for the centre, which shows the page its path
/// names (haitao_core::routes) and keeps the signed-in user across them.
#[component]
pub fn SellerCentrePage() -> impl IntoView {
    let path = use_location().pathname;
    let page = Memo::new(move |_| SellerRoute::parse(&path.get()));
    view! {
        <SellerCentre>
            {move || match page.get() {
                Some(SellerRoute::Shipment(id)) => view! { <shipment::Shipment id/> }.into_any(),
                Some(SellerRoute::Catalog) => view! { <catalog::Catalog/> }.into_any(),
                Some(SellerRoute::Settings) => view! { <settings::Settings/> }.into_any(),
                Some(SellerRoute::Aftersales) => view! { <aftersales::Aftersales/> }.into_any(),
                Some(SellerRoute::Reviews) => view! { <reviews::Reviews/> }.into_any(),
                Some(SellerRoute::Shipments) => view! { <shipments::Shipments/> }.into_any(),
                _ => view! { <crate::pages::not_found::NotFound/> }.into_any(),
            }}
        </SellerCentre>
    }
}
