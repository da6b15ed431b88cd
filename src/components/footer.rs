use haitao_core::legal::DocumentName;
use leptos::prelude::*;
use leptos_fluent::move_tr;
use leptos_router::components::A;

/// The foot of every page: the shop's legal documents, and where to write.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <nav aria-label=move_tr!("footer-label")>
                <A href=DocumentName::Terms.href()>{move_tr!("footer-terms")}</A>
                <A href=DocumentName::Privacy.href()>{move_tr!("footer-privacy")}</A>
                <A href=DocumentName::Notice.href()>{move_tr!("footer-notice")}</A>
            </nav>
            <p>{move_tr!("footer-about")}</p>
        </footer>
    }
}
