//! The seller's catalog on the web: the import file uploaded and its report,
//! the storefront previewed as shoppers will see it, drafts published, and a
//! variant's price and stock changed in place.

use haitao_core::api::ProductStatus;
use haitao_core::money::{cents, Money};
use haitao_core::seller::{
    CatalogProduct, CatalogVariant, ImportRefused, PublishReport, VariantChange,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr};

use super::api::{self, Upload};
use super::errors;
use crate::api::ApiError;
use crate::components::l10n_text::Txt;
use crate::components::page_title::PageTitle;
use crate::components::status::{ErrorPanel, Spinner};
use crate::pages::preview::report::issue_text;

#[component]
pub fn Catalog() -> impl IntoView {
    let products = LocalResource::new(api::products);
    let published = RwSignal::new(None::<PublishReport>);
    let trouble = RwSignal::new(None::<ApiError>);
    // A pre-sale ended: what it did, above the list drawn again.
    let ended = RwSignal::new(None::<haitao_core::seller::PresaleEnded>);
    let on_ended = Callback::new(move |r| {
        ended.set(Some(r));
        products.refetch();
    });
    let publish = move |product: Option<String>| {
        trouble.set(None);
        spawn_local(async move {
            match api::publish(product).await {
                Ok(report) => {
                    published.set(Some(report));
                    products.refetch();
                }
                Err(err) => trouble.set(Some(err)),
            }
        });
    };
    view! {
        <PageTitle text=move || tr!("sc-catalog-title")/>
        <h1>{move_tr!("sc-catalog-heading")}</h1>
        <ImportForm on_imported=move |_| products.refetch()/>
        <Preview/>
        <section class="sc-products">
            <div class="sc-section-head">
                <h2>{move_tr!("sc-products-heading")}</h2>
                {move || products.with(|p| matches!(p, Some(Ok(list)) if list.iter().any(|p| p.status == ProductStatus::Draft))).then(|| view! {
                    <button type="button" class="btn sc-publish-all" on:click=move |_| publish(None)>{move_tr!("sc-publish-all")}</button>
                })}
            </div>
            {move || trouble.get().map(|e| view! { <p class="form-error" role="alert">{errors::message(&e)}</p> })}
            {move || published.get().map(|r| view! { <Published r/> })}
            {move || ended.get().map(|r| view! {
                <p class="sc-published sc-presale-ended" role="status">{move || tr!("sc-presale-ended", { "refunded" => r.refunded, "closed" => r.closed, "kept" => r.kept })}</p>
            })}
            {move || match products.get() {
                None => view! { <Spinner/> }.into_any(),
                Some(Err(err)) => view! { <ErrorPanel err retry=move |_| products.refetch()/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="sc-empty">{move_tr!("sc-no-products")}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="sc-product-list">
                        {list.into_iter().map(|p| view! { <Product p publish=Callback::new(move |slug| publish(Some(slug))) on_ended/> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

/// What publishing did: on sale now, and what stops the rest.
#[component]
fn Published(r: PublishReport) -> impl IntoView {
    view! {
        <div class="sc-published" role="status">
            {(!r.published.is_empty()).then(|| view! {
                <p>{tr!("sc-published", { "count" => r.published.len(), "list" => r.published.join(", ") })}</p>
            })}
            {(r.published.is_empty() && r.refused.is_empty()).then(|| view! { <p>{move_tr!("sc-published-none")}</p> })}
            {r.refused.into_iter().map(|x| view! {
                <p class="sc-refused">{tr!("sc-publish-refused", { "product" => x.product.clone() })}</p>
                <ul>{x.issues.iter().map(|i| view! { <li>{issue_text(i)}</li> }).collect_view()}</ul>
            }).collect_view()}
        </div>
    }
}

#[component]
fn Product(
    p: CatalogProduct,
    publish: Callback<String>,
    on_ended: Callback<haitao_core::seller::PresaleEnded>,
) -> impl IntoView {
    let name = Signal::stored(p.name.clone());
    let draft = p.status == ProductStatus::Draft;
    let slug = p.slug.clone();
    let issues = p.issues.clone();
    view! {
        <li class="sc-product">
            <div class="sc-product-head">
                <h3><Txt t=name/></h3>
                <span class=if draft { "badge badge-todo" } else { "badge badge-done" }>
                    {move || if draft { tr!("sc-draft") } else { tr!("sc-on-sale") }}
                </span>
            </div>
            <p class="sc-slug">{p.slug.clone()}</p>
            {(!issues.is_empty()).then(|| view! {
                <details class="sc-issues">
                    <summary>{tr!("sc-issues", { "count" => issues.len() })}</summary>
                    <ul>{issues.iter().map(|i| view! { <li>{issue_text(i)}</li> }).collect_view()}</ul>
                </details>
            })}
            <table class="sc-variants">
                <thead><tr>
                    <th scope="col">{move_tr!("sc-sku")}</th>
                    <th scope="col">{move_tr!("sc-price-usd")}</th>
                    <th scope="col">{move_tr!("sc-stock")}</th>
                    <th scope="col"><span class="sr-only">{move_tr!("sc-save")}</span></th>
                </tr></thead>
                <tbody>{p.variants.into_iter().map(|v| view! { <VariantRow v/> }).collect_view()}</tbody>
            </table>
            {draft.then(|| {
                let slug = slug.clone();
                view! {
                    <button type="button" class="btn sc-publish" on:click=move |_| publish.run(slug.clone())>{move_tr!("sc-publish")}</button>
                }
            })}
            {p.presale.filter(|_| !draft).map(|w| view! { <EndPresale slug=slug.clone() w on_ended/> })}
        </li>
    }
}

/// A pre-sale on sale, and the way to end it when the harvest cannot fill
/// it: opening the box is the first step, the button inside the second.
#[component]
fn EndPresale(
    slug: String,
    w: haitao_core::api::ShipWindow,
    on_ended: Callback<haitao_core::seller::PresaleEnded>,
) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let busy = RwSignal::new(false);
    let trouble = RwSignal::new(None::<ApiError>);
    let end = move |_| {
        busy.set(true);
        trouble.set(None);
        spawn_local(async move {
            match api::end_presale(&slug.get_value()).await {
                Ok(r) => on_ended.run(r),
                Err(err) => trouble.set(Some(err)),
            }
            busy.set(false);
        });
    };
    view! {
        <details class="sc-presale">
            <summary>{move || super::shipments::window_text(&w)}</summary>
            <p>{move_tr!("sc-presale-end-explain")}</p>
            {move || trouble.get().map(|e| view! { <p class="form-error" role="alert">{errors::message(&e)}</p> })}
            <button type="button" class="btn btn-danger sc-presale-end" disabled=move || busy.get() on:click=end>{move_tr!("sc-presale-end")}</button>
        </details>
    }
}

/// A variant's price and stock, changed in place.
#[component]
fn VariantRow(v: CatalogVariant) -> impl IntoView {
    let price = RwSignal::new(Money::usd(v.price_usd_cents).decimal());
    let stock = RwSignal::new(v.stock.to_string());
    let label = Signal::stored(v.label.clone());
    let saved = RwSignal::new(None::<Result<(), String>>);
    let sku = StoredValue::new(v.sku.clone());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(p), Ok(s)) = (
            cents(&price.get_untracked()).filter(|c| *c > 0),
            stock.get_untracked().trim().parse::<i64>(),
        ) else {
            saved.set(Some(Err(tr!("sc-error-invalid_variant"))));
            return;
        };
        saved.set(None);
        spawn_local(async move {
            let change = VariantChange {
                price_usd_cents: Some(p),
                stock: Some(s),
            };
            match api::change_variant(&sku.get_value(), &change).await {
                Ok(v) => {
                    price.set(Money::usd(v.price_usd_cents).decimal());
                    stock.set(v.stock.to_string());
                    saved.set(Some(Ok(())));
                }
                Err(err) => saved.set(Some(Err(errors::message(&err)))),
            }
        });
    };
    let form = format!("v-{}", v.sku);
    view! {
        <tr>
            <th scope="row" class="sc-sku">{v.sku.clone()}<br/><span class="sc-label"><Txt t=label/></span></th>
            <td><input type="text" inputmode="decimal" name="price" form=form.clone() aria-label=move_tr!("sc-price-usd")
                prop:value=move || price.get() on:input=move |ev| price.set(event_target_value(&ev))/></td>
            <td><input type="number" min="0" inputmode="numeric" name="stock" form=form.clone() aria-label=move_tr!("sc-stock")
                prop:value=move || stock.get() on:input=move |ev| stock.set(event_target_value(&ev))/></td>
            <td>
                <form id=form on:submit=save><button type="submit" class="btn btn-small">{move_tr!("sc-save")}</button></form>
                {move || saved.get().map(|r| match r {
                    Ok(()) => view! { <span class="sc-saved" role="status">{tr!("sc-saved")}</span> }.into_any(),
                    Err(m) => view! { <span class="field-error" role="alert">{m}</span> }.into_any(),
                })}
            </td>
        </tr>
    }
}

/// The import file: chosen, uploaded, and its report (every problem with its
/// line, nothing imported) or what it wrote (drafts until published).
#[component]
fn ImportForm(#[prop(into)] on_imported: Callback<()>) -> impl IntoView {
    let outcome = RwSignal::new(None::<Result<Upload, ApiError>>);
    let busy = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let chosen = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(file) = input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        let json = file.name().to_ascii_lowercase().ends_with(".json")
            || file.type_() == "application/json";
        busy.set(true);
        outcome.set(None);
        spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            let result = match text.ok().and_then(|t| t.as_string()) {
                Some(text) => api::import(text, json).await,
                None => Err(ApiError::Decode),
            };
            if matches!(result, Ok(Upload::Imported(_))) {
                on_imported.run(());
            }
            outcome.set(Some(result));
            busy.set(false);
        });
    };
    view! {
        <form class="sc-import" on:submit=submit>
            <h2>{move_tr!("sc-import-heading")}</h2>
            <p class="sc-note">{move_tr!("sc-import-note")}</p>
            // The browser's own file button speaks the browser's language:
            // a label in the seller's stands for it.
            <label class="btn sc-file">
                <input type="file" name="file" accept=".csv,.json,text/csv,application/json" node_ref=input required
                    class="sr-only" aria-label=move_tr!("sc-import-file")
                    on:change=move |_| chosen.set(input.get_untracked().and_then(|i| i.files()).and_then(|f| f.get(0)).map(|f| f.name()))/>
                {move_tr!("sc-choose-file")}
            </label>
            <span class="sc-file-name">{move || chosen.get().unwrap_or_else(|| tr!("sc-no-file"))}</span>
            <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{move_tr!("sc-import")}</button>
            {move || outcome.with(|o| match o {
                None => None,
                Some(Ok(Upload::Imported(r))) => Some(view! {
                    <p class="sc-imported" role="status">{tr!("sc-imported", {
                        "created" => r.created, "updated" => r.updated, "variants" => r.variants
                    })}</p>
                    {(r.unpublished > 0).then(|| view! {
                        <p class="sc-imported">{tr!("sc-imported-unpublished", { "count" => r.unpublished })}</p>
                    })}
                }.into_any()),
                Some(Ok(Upload::Refused(r))) => Some(view! { <ImportReport refused=r.clone()/> }.into_any()),
                Some(Err(e)) => Some(view! { <p class="form-error" role="alert">{errors::message(e)}</p> }.into_any()),
            })}
        </form>
    }
}

/// A refused upload's report: every problem with its line, in the
/// seller's language (and again in the other one when they switch).
#[component]
pub fn ImportReport(refused: ImportRefused) -> impl IntoView {
    let count = refused.problems.len();
    view! {
        <div class="sc-import-report" role="alert">
            <p class="form-error">{move || tr!("sc-import-refused", { "count" => count })}</p>
            <table>
                <thead><tr><th scope="col">{line_heading}</th><th scope="col">{move_tr!("sc-problem")}</th></tr></thead>
                <tbody>{refused.problems.into_iter().map(|p| {
                    let line = p.line;
                    view! { <tr><td class="num">{line}</td><td>{move || problem_text(&p)}</td></tr> }
                }).collect_view()}</tbody>
            </table>
        </div>
    }
}

fn line_heading() -> String {
    tr!("sc-import-line")
}

/// A problem of the file in the seller's words: what the line holds, and
/// what the column takes.
fn problem_text(p: &haitao_core::seller::ImportProblem) -> String {
    use haitao_core::seller::ImportIssue as I;
    match &p.issue {
        I::Unreadable { detail } => tr!("sc-issue-unreadable", { "detail" => detail.clone() }),
        I::UnknownColumns { columns } => {
            tr!("sc-issue-unknown-columns", { "columns" => columns.join(", ") })
        }
        I::MissingColumns { columns } => {
            tr!("sc-issue-missing-columns", { "columns" => columns.join(", ") })
        }
        I::Differs { field, first_line } => {
            tr!("sc-issue-differs", { "field" => field.clone(), "first" => *first_line })
        }
        I::Invalid { field, value } => {
            tr!("sc-issue-invalid", { "field" => field.clone(), "value" => value.clone(), "hint" => column_hint(field) })
        }
        I::TooLong { field, max } => {
            tr!("sc-issue-too-long", { "field" => field.clone(), "max" => *max })
        }
        I::NameMissing => tr!("sc-issue-name-missing"),
        I::UnknownCategory { value } => {
            tr!("sc-issue-unknown-category", { "value" => value.clone() })
        }
        I::Repeated {
            field,
            value,
            first_line,
        } => {
            tr!("sc-issue-repeated", { "field" => field.clone(), "value" => value.clone(), "first" => *first_line })
        }
        I::RepeatedInProduct { value } => {
            tr!("sc-issue-repeated-in-product", { "value" => value.clone() })
        }
        I::Taken { field, value } if field == "sku" => {
            tr!("sc-issue-sku-taken", { "value" => value.clone() })
        }
        I::Taken { value, .. } => tr!("sc-issue-slug-taken", { "value" => value.clone() }),
        I::Empty => tr!("sc-issue-empty"),
    }
}

/// What a column takes, as the import's checks hold it (docs/IMPORT.md).
fn column_hint(field: &str) -> String {
    match field {
        "slug" => tr!("sc-hint-slug"),
        "sku" => tr!("sc-hint-sku"),
        "price_usd" => tr!("sc-hint-price_usd"),
        "stock" => tr!("sc-hint-stock"),
        "origin_state" => tr!("sc-hint-origin_state"),
        "tax_class" => tr!("sc-hint-tax_class"),
        "channel" => tr!("sc-hint-channel"),
        "certification" => tr!("sc-hint-certification"),
        "image" => tr!("sc-hint-image"),
        "season" => tr!("sc-hint-season"),
        "duty_rate" => tr!("sc-hint-duty_rate"),
        _ => tr!("sc-hint-other"),
    }
}

/// A preview link of the seller's storefront, drafts included, made here.
#[component]
fn Preview() -> impl IntoView {
    let link = RwSignal::new(None::<Result<haitao_core::seller::PreviewLink, ApiError>>);
    let make = move |_| {
        spawn_local(async move { link.set(Some(api::preview_link().await)) });
    };
    view! {
        <section class="sc-preview">
            <h2>{move_tr!("sc-preview-heading")}</h2>
            <p class="sc-note">{move_tr!("sc-preview-note")}</p>
            {move || match link.get() {
                None => view! { <button type="button" class="btn sc-make-preview" on:click=make>{move_tr!("sc-make-preview")}</button> }.into_any(),
                Some(Ok(l)) => view! {
                    <a class="btn btn-primary sc-open-preview" href=l.path.clone() target="_blank" rel="noopener">{move_tr!("sc-open-preview")}</a>
                    <p class="sc-note">{move || tr!("sc-preview-until", { "date" => crate::i18n::date(&l.expires_at) })}</p>
                }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{errors::message(&e)}</p> }.into_any(),
            }}
        </section>
    }
}
