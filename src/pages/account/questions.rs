//! The account's questions to sellers and their answers (the SMS that tells
//! a shopper an answer came sends them here).

use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use leptos_router::components::A;

use crate::api;
use crate::components::l10n_text::Txt;
use crate::i18n::date;

/// Nothing at all until the shopper has asked something.
#[component]
pub fn MyQuestions() -> impl IntoView {
    let questions = LocalResource::new(api::my_questions);
    move || {
        let list = questions.get()?.ok().filter(|l| !l.is_empty())?;
        Some(view! {
            <section class="my-questions" aria-labelledby="questions-head">
                <h2 id="questions-head">{move_tr!("questions-heading")}</h2>
                <ul>
                    {list.into_iter().map(|q| {
                        let asked = q.asked_at.clone();
                        view! {
                            <li class="question" class:answered=q.answer.is_some()>
                                <A href=haitao_core::routes::Route::Product(q.product.clone()).path() attr:class="question-product"><Txt t=q.product_name.clone()/></A>
                                <p class="question-meta">{move || tr!("question-asked", { "date" => date(&asked) })}</p>
                                <p class="question-body">{q.body.clone()}</p>
                                {match (q.answer.clone(), q.answered_at.clone()) {
                                    (Some(a), at) => view! {
                                        <div class="question-answer">
                                            <p class="question-meta">{
                                                let seller = q.seller.clone();
                                                move || tr!("question-answered", {
                                                    "seller" => seller.get(crate::i18n::lang()).text.to_owned(),
                                                    "date" => at.as_deref().map(date).unwrap_or_default(),
                                                })
                                            }</p>
                                            <p>{a}</p>
                                        </div>
                                    }.into_any(),
                                    (None, _) => view! { <p class="question-waiting">{move_tr!("question-waiting")}</p> }.into_any(),
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })
    }
}
