//! `/legal/:name`: one of the shop's legal documents, in the shopper's language.

use haitao_core::legal::{Document, DocumentName};
use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::components::page_title::PageTitle;
use crate::components::status::ErrorPanel;
use crate::i18n::lang;
use crate::pages::not_found::NotFound;

#[component]
pub fn LegalPage() -> impl IntoView {
    let params = use_params_map();
    let doc = LocalResource::new(move || {
        let name = params
            .read()
            .get("name")
            .and_then(|n| DocumentName::parse(&n));
        let lang = lang();
        async move {
            match name {
                Some(n) => api::document(n, lang).await,
                None => Err(ApiError::Http(404)),
            }
        }
    });
    Effect::new(move |_| {
        if doc.with(Option::is_some) {
            crate::boot::first_screen_ready();
        }
    });
    view! {
        {move || match doc.get() {
            None => view! { <article class="legal"><p class="line"></p></article> }.into_any(),
            Some(Err(err)) if err.is_not_found() => view! { <NotFound/> }.into_any(),
            Some(Err(err)) => view! { <ErrorPanel err retry=move |_| doc.refetch()/> }.into_any(),
            Some(Ok(doc)) => view! { <LegalView doc/> }.into_any(),
        }}
    }
}

#[component]
pub fn LegalView(doc: Document) -> impl IntoView {
    let title = doc.title.clone();
    let version = doc.version.clone();
    view! {
        <PageTitle text=move || tr!("document-title", { "name" => title.clone() })/>
        <article class="legal">
            <h1>{doc.title}</h1>
            <p class="legal-version">{move || tr!("document-version", { "version" => version.clone() })}</p>
            <div class="legal-body" inner_html=doc.html></div>
        </article>
    }
}
