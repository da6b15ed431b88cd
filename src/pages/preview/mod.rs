//! `/preview/:seller` and `/preview/:seller/p/:slug`: a seller's storefront
//! and product pages exactly as shoppers will see them (the shop's own
//! components), drafts included and marked, under a banner, with the report
//! of what is left to fix.

mod banner;
mod frames;
mod problem;
mod product;
pub mod report;

use haitao_core::api::{ProductStatus, SellerPreview};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

pub use product::PreviewProductPage;

use crate::api::{self, ApiError};
use crate::components::product_grid::GridSkeleton;
use crate::components::status::ErrorPanel;
use crate::pages::seller::SellerView;
use crate::preview::{in_frame, token_for, PreviewCtx};
use banner::PreviewBanner;
use frames::PhoneFrames;
use problem::{is_token_problem, no_token, TokenProblem};
use report::Report;

/// Side by side phone frames need a wide screen; below this the storefront
/// and the report follow each other.
const WIDE: &str = "(min-width: 1000px)";

fn seller_param() -> String {
    use_params_map()
        .read_untracked()
        .get("seller")
        .unwrap_or_default()
}

#[component]
pub fn PreviewPage() -> impl IntoView {
    let seller = seller_param();
    let Some(token) = token_for(&seller) else {
        return view! { <TokenProblem err=no_token() seller/> }.into_any();
    };
    let ctx = PreviewCtx::provide(&seller, &token);
    let data = LocalResource::new(move || {
        let (s, t) = (ctx.seller.get_value(), ctx.token.get_value());
        async move {
            let p = api::preview(&s, &t).await?;
            ctx.drafts.set(
                p.items
                    .iter()
                    .filter(|i| i.status == ProductStatus::Draft)
                    .map(|i| i.slug.clone())
                    .collect(),
            );
            Ok::<_, ApiError>(p)
        }
    });
    view! {
        {move || match data.get() {
            None => view! { <GridSkeleton/> }.into_any(),
            Some(Err(err)) if is_token_problem(&err) => view! { <TokenProblem err seller=ctx.seller.get_value()/> }.into_any(),
            Some(Err(err)) => view! { <ErrorPanel err retry=move |_| data.refetch()/> }.into_any(),
            Some(Ok(p)) => view! { <PreviewBody p/> }.into_any(),
        }}
    }
    .into_any()
}

#[component]
fn PreviewBody(p: SellerPreview) -> impl IntoView {
    let framed = in_frame();
    let wide = !framed
        && window()
            .match_media(WIDE)
            .ok()
            .flatten()
            .is_some_and(|m| m.matches());
    let to_fix = p.seller_issues.len() + p.items.iter().map(|i| i.issues.len()).sum::<usize>();
    let seller = p.profile.seller.slug.clone();
    let report =
        move || view! { <Report items=p.items.clone() seller_issues=p.seller_issues.clone()/> };
    view! {
        <PreviewBanner expires=Some(p.expires_at.clone()) to_fix=(!framed).then_some(to_fix)/>
        {if wide {
            view! { <div class="preview-wide"><PhoneFrames seller/>{report()}</div> }.into_any()
        } else if framed {
            view! { <SellerView p=p.profile.clone()/> }.into_any()
        } else {
            view! { <SellerView p=p.profile.clone()/>{report()} }.into_any()
        }}
    }
}
