use leptos::prelude::*;

/// Sets the document title while the page that renders it is shown, and
/// follows the language. Unlike leptos_meta's `Title`, whose text closure can
/// be re-read after its page is gone, this effect is disposed with the page.
#[component]
pub fn PageTitle(#[prop(into)] text: Signal<String>) -> impl IntoView {
    Effect::new(move |_| {
        let t = text.get();
        document().set_title(&t);
    });
}
