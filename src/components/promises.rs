//! What the shop promises on a product page, in plain words: that the goods
//! are genuine (as far as the seller's verification goes, and no further)
//! and what happens when something is wrong or the shopper changes their mind.

use haitao_core::api::ProductDetail;
use haitao_core::trust::{Returns, REPORT_DAYS};
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};

use haitao_core::text::Lang;

use crate::i18n::{calendar_day, lang};

#[component]
pub fn Promises(p: StoredValue<ProductDetail>) -> impl IntoView {
    let seller = move || p.with_value(|p| p.seller.name.get(lang()).text.to_owned());
    let verified_on = p.with_value(|p| p.seller_verified_on.clone());
    let verified = verified_on.is_some();
    let returns = p.with_value(|p| p.returns);
    view! {
        <section class="promises" aria-labelledby="promises-head">
            <h2 id="promises-head">{move_tr!("promises-heading")}</h2>
            <dl>
                <dt>{move_tr!("promise-genuine")}</dt>
                <dd class="promise-genuine" class:unverified=!verified>
                    {move || {
                        let promise = match &verified_on {
                            Some(day) => tr!("promise-genuine-verified", { "seller" => seller(), "date" => calendar_day(day) }),
                            None => tr!("promise-genuine-unverified", { "seller" => seller() }),
                        };
                        let route = p.with_value(|p| tr!("promise-channel", { "channel" => p.channel.as_str() }));
                        // Chinese runs sentences on after 。; English leaves a space.
                        let gap = if lang() == Lang::ZhCn { "" } else { " " };
                        format!("{promise}{gap}{route}")
                    }}
                </dd>
                <dt>{move_tr!("promise-problem")}</dt>
                <dd class="promise-problem">{move || tr!("promise-problem-text", { "days" => REPORT_DAYS })}</dd>
                <dt>{move_tr!("promise-change")}</dt>
                <dd class="promise-change">{move || match returns {
                    Returns::QualityOnly => tr!("promise-change-perishable"),
                    Returns::Unopened => tr!("promise-change-unopened", { "days" => REPORT_DAYS }),
                }}</dd>
            </dl>
        </section>
    }
}
