use leptos::prelude::*;

/// Sets the document title (and, when given, its description) while the page
/// that renders it is shown, and follows the language. Unlike leptos_meta's
/// `Title`, whose text closure can be re-read after its page is gone, this
/// effect is disposed with the page.
#[component]
pub fn PageTitle(
    #[prop(into)] text: Signal<String>,
    #[prop(optional, into)] description: Option<Signal<String>>,
) -> impl IntoView {
    Effect::new(move |_| {
        let t = text.get();
        document().set_title(&t);
        if let Some(d) = description {
            if let Ok(Some(meta)) = document().query_selector("meta[name=description]") {
                let _ = meta.set_attribute("content", &d.get());
            }
        }
    });
}
