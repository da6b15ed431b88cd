use leptos::prelude::*;

use crate::components::l10n_text::Txt;

/// The top-level categories as a row of links.
#[component]
pub fn CategoryChips() -> impl IntoView {
    let categories = crate::categories::Categories::tree();
    view! {
        {move || match categories.get() {
            Some(Ok(cats)) => view! {
                <ul class="chips">
                    {cats.into_iter().filter(|c| c.parent.is_none()).map(|c| view! {
                        // Plain links: the router handles their clicks, at less cost than `A`.
                        <li><a href=haitao_core::routes::category_path(&c.slug) class="chip"><Txt t=c.name/></a></li>
                    }).collect_view()}
                </ul>
            }.into_any(),
            // A failure here is shown by the page's own content; the chips just stay away.
            _ => view! { <div class="chips skeleton-chips"></div> }.into_any(),
        }}
    }
}
