//! A consent given by ticking a box: the documents it covers, fetched in the
//! shopper's language (their text on the page, or a link to it), and the
//! versions ticked, which the request that needs them carries. A version
//! ticked before the text changed no longer counts: the box is clear again.

use haitao_core::legal::{Accepted, Document, DocumentName};
use haitao_core::ErrorCode;
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};

use crate::api;
use crate::components::status::ErrorPanel;
use crate::i18n::{code_message, lang};

/// Whether every one of `docs` is in `accepted`, in its version.
fn all_ticked(docs: &[Document], accepted: &[Accepted]) -> bool {
    !docs.is_empty()
        && docs.iter().all(|d| {
            accepted
                .iter()
                .any(|a| a.name == d.name && a.version == d.version)
        })
}

#[component]
pub fn Agreement(
    names: &'static [DocumentName],
    /// What has been agreed to so far (this box's documents among others).
    #[prop(into)]
    accepted: Signal<Vec<Accepted>>,
    /// The new list when the box is ticked or cleared.
    on_change: Callback<Vec<Accepted>>,
    /// The documents' text on the page (in a scrolling box), not only linked.
    #[prop(optional)]
    shown: bool,
    /// Said beside the box: why it is needed.
    #[prop(optional, into)]
    error: Signal<Option<ErrorCode>>,
    /// More for the text box (the recipients, for the consent to send details abroad).
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView {
    let docs = LocalResource::new(move || {
        let lang = lang();
        async move {
            let mut all = Vec::new();
            for &name in names {
                all.push(api::document(name, lang).await?);
            }
            Ok::<_, api::ApiError>(all)
        }
    });
    let class = names.first().map_or("", |n| n.slug());
    let toggle = move |on: bool| {
        let Some(Ok(docs)) = docs.get_untracked() else {
            return;
        };
        let mut list = accepted.get_untracked();
        list.retain(|a| !names.contains(&a.name));
        if on {
            list.extend(docs.iter().map(|d| Accepted {
                name: d.name,
                version: d.version.clone(),
            }));
        }
        on_change.run(list);
    };
    view! {
        <div class=format!("agreement agreement-{class}") class:invalid=move || error.get().is_some()>
            {move || match docs.get() {
                None => view! { <p class="line"></p> }.into_any(),
                Some(Err(err)) => view! { <ErrorPanel err retry=move |_| docs.refetch()/> }.into_any(),
                Some(Ok(list)) => {
                    let ticked = {
                        let list = list.clone();
                        move || accepted.with(|a| all_ticked(&list, a))
                    };
                    let text = shown.then(|| {
                        let children = children.clone();
                        view! {
                            <div class="agreement-text" tabindex="0">
                                {list.iter().map(|d| view! {
                                    <h3>{d.title.clone()}</h3>
                                    <div inner_html=d.html.clone()></div>
                                }).collect_view()}
                                {children.map(|c| c())}
                            </div>
                        }
                    });
                    let links = list.iter().map(|d| view! {
                        " " <a href=d.name.href() target="_blank">{tr!("document-quoted", { "title" => d.title.clone() })}</a>
                    }).collect_view();
                    view! {
                        {text}
                        <label class="agreement-tick">
                            <input type="checkbox" name=format!("agree-{class}") prop:checked=ticked.clone()
                                on:change=move |ev| toggle(event_target_checked(&ev))/>
                            " " {move_tr!("agree-to")} {links}
                        </label>
                    }.into_any()
                }
            }}
            <p class="field-error" aria-live="polite">{move || error.get().map(code_message)}</p>
        </div>
    }
}
