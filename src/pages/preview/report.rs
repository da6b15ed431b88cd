use haitao_core::api::{PreviewItem, ProductStatus};
use haitao_core::preview::{Field, Issue};
use haitao_core::text::Lang;
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};

use crate::components::l10n_text::Txt;
use crate::preview::product_href;

fn field_name(field: Field, sku: Option<&str>) -> String {
    let sku = sku.unwrap_or_default().to_owned();
    match field {
        Field::Name => tr!("report-field-name"),
        Field::Description => tr!("report-field-description"),
        Field::VariantLabel => tr!("report-field-variant_label", { "sku" => sku }),
        Field::SellerName => tr!("report-field-seller_name"),
        Field::SellerStory => tr!("report-field-seller_story"),
    }
}

/// One issue in the seller's words (and the current language).
pub fn issue_text(issue: &Issue) -> String {
    match issue {
        Issue::Missing { field, lang, sku } => {
            let lang = match lang {
                Lang::ZhCn => tr!("report-lang-zh"),
                Lang::EnUs => tr!("report-lang-en"),
            };
            tr!("report-missing", { "field" => field_name(*field, sku.as_deref()), "lang" => lang })
        }
        Issue::Identical { field, sku } => {
            tr!("report-identical", { "field" => field_name(*field, sku.as_deref()) })
        }
        Issue::NotChinese { field, sku } => {
            tr!("report-not-chinese", { "field" => field_name(*field, sku.as_deref()) })
        }
        Issue::NoImages => tr!("report-no-images"),
        Issue::NoVariants => tr!("report-no-variants"),
        Issue::OutOfStock { sku } => tr!("report-out-of-stock", { "sku" => sku.clone() }),
        Issue::TaxClassUnset => tr!("report-tax-class-unset"),
        Issue::ChannelUnset => tr!("report-channel-unset"),
    }
}

#[component]
pub fn Issues(issues: Vec<Issue>) -> impl IntoView {
    if issues.is_empty() {
        return view! { <p class="report-ok">{move_tr!("report-all-good")}</p> }.into_any();
    }
    view! {
        <ul class="report-issues">
            {issues.into_iter().map(|i| {
                let blocking = i.blocks_publish();
                view! { <li class:blocking=blocking>{move || issue_text(&i)}</li> }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The report: per product, every field missing or the same in both
/// languages, no image, variants out of stock, tax class or channel unset.
#[component]
pub fn Report(
    items: Vec<PreviewItem>,
    seller_issues: Vec<haitao_core::preview::Issue>,
) -> impl IntoView {
    let products = items.len();
    let issues = seller_issues.len() + items.iter().map(|i| i.issues.len()).sum::<usize>();
    view! {
        <section class="preview-report" id="report" aria-labelledby="report-title">
            <h2 id="report-title">{move_tr!("report-title")}</h2>
            <p class="report-summary">{move || tr!("report-summary", { "products" => products, "issues" => issues })}</p>
            <article class="report-item">
                <h3>{move_tr!("report-seller")}</h3>
                <Issues issues=seller_issues/>
            </article>
            {items.into_iter().map(|item| {
                let draft = item.status == ProductStatus::Draft;
                let href = product_href(&item.slug);
                view! {
                    <article class="report-item" data-slug=item.slug.clone()>
                        <h3>
                            <Txt t=item.name.clone()/>
                            <span class="badge" class:badge-draft=draft>
                                {move || if draft { tr!("preview-draft") } else { tr!("preview-published") }}
                            </span>
                        </h3>
                        {if item.showable {
                            view! { <a class="report-open" href=href>{move_tr!("report-open")}</a> }.into_any()
                        } else {
                            view! { <p class="report-blocked">{move_tr!("report-not-showable")}</p> }.into_any()
                        }}
                        <Issues issues=item.issues/>
                    </article>
                }
            }).collect_view()}
        </section>
    }
}
