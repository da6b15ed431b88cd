use haitao_core::api::{ProductPreview, ProductStatus};
use leptos::prelude::*;
use leptos_fluent::move_tr;
use leptos_router::hooks::use_params_map;

use super::banner::PreviewBanner;
use super::problem::{is_token_problem, no_token, TokenProblem};
use super::report::Issues;
use crate::api;
use crate::components::status::{ErrorPanel, Spinner};
use crate::pages::not_found::NotFound;
use crate::pages::product::ProductView;
use crate::preview::{in_frame, token_for, PreviewCtx};

/// `/preview/:seller/p/:slug`: the product page shoppers will see, draft or
/// not, with what is left to fix in it.
#[component]
pub fn PreviewProductPage() -> impl IntoView {
    let params = use_params_map();
    let seller = params.read_untracked().get("seller").unwrap_or_default();
    let Some(token) = token_for(&seller) else {
        return view! { <TokenProblem err=no_token() seller/> }.into_any();
    };
    let ctx = PreviewCtx::provide(&seller, &token);
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = LocalResource::new(move || {
        let (s, t, p) = (ctx.seller.get_value(), ctx.token.get_value(), slug());
        async move { api::preview_product(&s, &p, &t).await }
    });
    view! {
        {move || match data.get() {
            None => view! { <Spinner/> }.into_any(),
            Some(Err(err)) if is_token_problem(&err) => view! { <TokenProblem err seller=ctx.seller.get_value()/> }.into_any(),
            Some(Err(err)) if err.is_not_found() => view! { <NotFound/> }.into_any(),
            Some(Err(err)) => view! { <ErrorPanel err retry=move |_| data.refetch()/> }.into_any(),
            Some(Ok(p)) => view! { <Body p/> }.into_any(),
        }}
    }
    .into_any()
}

#[component]
fn Body(p: ProductPreview) -> impl IntoView {
    let ProductPreview {
        status,
        product,
        issues,
    } = p;
    let to_fix = (!in_frame()).then_some(issues.len());
    view! {
        <PreviewBanner expires=None to_fix/>
        {(status == ProductStatus::Draft).then(|| view! { <p class="preview-draft-note"><span class="badge badge-draft">{move_tr!("preview-draft")}</span></p> })}
        <ProductView p=product/>
        {(!in_frame()).then(|| view! {
            <section class="preview-report" id="report">
                <h2>{move_tr!("report-title")}</h2>
                <Issues issues/>
            </section>
        })}
    }
}
