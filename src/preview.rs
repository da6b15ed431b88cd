//! A seller's preview session: which seller, its token, which products are
//! drafts. Shared components read it from context to link within the preview
//! and mark drafts; shoppers' pages have no such context.

use std::collections::HashSet;

use haitao_core::routes;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct PreviewCtx {
    pub seller: StoredValue<String>,
    pub token: StoredValue<String>,
    pub drafts: RwSignal<HashSet<String>>,
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn key(seller: &str) -> String {
    format!("haitao.preview.{seller}")
}

/// The token for this seller's preview. A link's `?token=` is kept for this
/// tab (and its frames) and taken out of the address bar, so it is not
/// shared by a screenshot or a copied URL.
pub fn token_for(seller: &str) -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let params = web_sys::UrlSearchParams::new_with_str(&location.search().ok()?).ok()?;
    if let Some(t) = params.get("token").filter(|t| !t.is_empty()) {
        if let Some(s) = session() {
            let _ = s.set_item(&key(seller), &t);
        }
        params.delete("token");
        let rest = params.to_string().as_string().unwrap_or_default();
        let clean = format!(
            "{}{}{}",
            location.pathname().unwrap_or_default(),
            if rest.is_empty() { "" } else { "?" },
            rest
        );
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean));
        }
        return Some(t);
    }
    session()?.get_item(&key(seller)).ok()?
}

impl PreviewCtx {
    pub fn provide(seller: &str, token: &str) -> Self {
        let ctx = Self {
            seller: StoredValue::new(seller.to_owned()),
            token: StoredValue::new(token.to_owned()),
            drafts: RwSignal::new(HashSet::new()),
        };
        provide_context(ctx);
        ctx
    }
}

/// Inside a frame of the wide-screen preview (the storefront only).
pub fn in_frame() -> bool {
    web_sys::window().is_some_and(|w| {
        w.top()
            .ok()
            .flatten()
            .is_some_and(|top| !js_sys::Object::is(&top, &w))
    })
}

/// Where a product's page is: in the preview, the preview's own.
pub fn product_href(slug: &str) -> String {
    product_href_in(use_context::<PreviewCtx>(), slug)
}

/// The same, for a caller that looked the preview up once for many links.
pub fn product_href_in(preview: Option<PreviewCtx>, slug: &str) -> String {
    match preview {
        Some(p) => routes::preview_product_path(&p.seller.get_value(), slug),
        None => routes::product_path(slug),
    }
}

pub fn seller_href(slug: &str) -> String {
    match use_context::<PreviewCtx>() {
        Some(_) => routes::preview_path(slug),
        None => routes::seller_path(slug),
    }
}

/// Whether the product is a draft in the preview in force (never on shoppers' pages).
pub fn is_draft_in(preview: Option<PreviewCtx>, slug: &str) -> bool {
    preview.is_some_and(|p| p.drafts.with_untracked(|d| d.contains(slug)))
}
