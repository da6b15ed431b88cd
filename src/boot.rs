//! Handing over from index.html's frame to the app.
//!
//! For the public pages the server draws the page itself into the frame (a
//! `<main>` that is not `aria-busy`). The app is then built hidden and
//! takes the frame's place once its own first screen is ready, so the
//! shopper sees the same page throughout, never grey cards in between.
//! Other pages replace the frame at once.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How long a drawn frame stays at most, should a page never say it is ready.
const HANDOVER_WAIT: std::time::Duration = std::time::Duration::from_secs(4);

/// How long after its first screen the shop fetches the other pages' code:
/// once the first screen's pictures have had the network to themselves.
const REST_OF_SHOP_AFTER: std::time::Duration = std::time::Duration::from_millis(1500);

/// How the app came onto the page, in context (per render, as Leptos keeps
/// state): the server's frame and the hidden app while the handover is
/// pending; whether the page the app opened on is still the one shown.
#[derive(Clone, Copy)]
pub struct Boot {
    pending: StoredValue<Option<(web_sys::Element, web_sys::Element)>, LocalStorage>,
    /// The server drawing its first screen (src/ssr.rs): always behind the frame.
    drawing: bool,
    opening: StoredValue<bool>,
}

impl Boot {
    fn new(pending: Option<(web_sys::Element, web_sys::Element)>, drawing: bool) -> Self {
        Self {
            pending: StoredValue::new_local(pending),
            drawing,
            opening: StoredValue::new(true),
        }
    }

    /// For the server's drawing of a page (and the test that compares it).
    pub fn provide_drawing() {
        provide_context(Self::new(None, true));
    }

    /// The app takes the frame's place, in one task, so nothing is painted
    /// in between; once only.
    fn hand_over(self) {
        let Some((shell, app)) = self.pending.try_update_value(Option::take).flatten() else {
            return;
        };
        let typed = typed_search(&shell);
        shell.remove();
        let _ = app.remove_attribute("hidden");
        if let Some(typed) = typed {
            typed.carry_to(&app);
        }
        fetch_rest_of_shop_later();
    }
}

/// Starts the app once the messages of the page's language are here (the
/// storefront's wasm carries none; the server preloads the page's with it).
/// (On pages with a drawn frame the server's loader has already waited for
/// the frame's first picture to be painted: server/src/web/template.rs.)
pub fn start() {
    let lang = page_lang();
    if crate::locales::loaded(lang) {
        mount();
    } else {
        // (Leptos's own executor starts with the app: not yet.)
        wasm_bindgen_futures::spawn_local(async move {
            // A phone between cells: the drawn page stays meanwhile. Still
            // not had, the app starts in whatever it holds, and follows the
            // shopper's language once it comes (crate::i18n::follow_language).
            for wait in [0, 1000, 3000] {
                crate::scheduling::after(std::time::Duration::from_millis(wait)).await;
                if crate::locales::load(lang).await {
                    break;
                }
            }
            mount();
        });
    }
}

/// The language the server drew the page in: the shopper's, by the rule the
/// app's i18n follows (server/src/l10n.rs).
pub(crate) fn page_lang() -> haitao_core::text::Lang {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|tag| haitao_core::text::Lang::from_tag(&tag))
        .unwrap_or(crate::locales::DEFAULT)
}

fn mount() {
    match hidden_container() {
        Some((shell, app)) => {
            let hidden: web_sys::Element = app.clone().into();
            leptos::mount::mount_to(app, move || {
                let boot = Boot::new(Some((shell, hidden)), false);
                provide_context(boot);
                set_timeout(move || boot.hand_over(), HANDOVER_WAIT);
                view! { <crate::app::App/> }
            })
            .forget();
        }
        None => {
            // Nothing drawn: the frame goes in the same task as the app's
            // first render, so no frame is painted between them.
            if let Some(shell) = document().get_element_by_id("shell") {
                shell.remove();
            }
            leptos::mount::mount_to_body(|| {
                provide_context(Boot::new(None, false));
                view! { <crate::app::App/> }
            });
            fetch_rest_of_shop_later();
        }
    }
}

/// On a page the server drew: the frame, and a hidden element for the app.
fn hidden_container() -> Option<(web_sys::Element, web_sys::HtmlElement)> {
    let doc = document();
    // A page the server drew is not busy; placeholders are.
    doc.query_selector("#shell main:not([aria-busy])")
        .ok()
        .flatten()?;
    let shell = doc.get_element_by_id("shell")?;
    let app: web_sys::HtmlElement = doc.create_element("div").ok()?.dyn_into().ok()?;
    app.set_hidden(true);
    doc.body()?.append_child(&app).ok()?;
    Some((shell, app))
}

/// Whether the app is still being built behind the server's drawn frame;
/// always so on the server, which draws that frame (src/ssr.rs): pages then
/// build their first screen whole and at once.
pub fn behind_frame() -> bool {
    use_context::<Boot>()
        .is_some_and(|b| b.drawing || b.pending.try_with_value(Option::is_some).unwrap_or(false))
}

/// Called by a page once its first screen is on the (hidden) page: the app
/// takes the frame's place.
pub fn first_screen_ready() {
    if let Some(boot) = use_context::<Boot>() {
        boot.hand_over();
    }
}

/// Called once the app's first page is on screen: later pages are built in
/// steps (components/deferred.rs).
pub fn app_opened() {
    if let Some(boot) = use_context::<Boot>() {
        boot.opening.set_value(false);
    }
}

/// Whether the page the app opened on is still the one being built (no
/// context: a component mounted alone, built at once).
pub fn opening() -> bool {
    use_context::<Boot>().is_none_or(|b| b.opening.try_get_value().unwrap_or(false))
}

/// What a shopper typed into the drawn page's search field before the app
/// took over: the one field there is, which must not lose a word.
struct TypedSearch {
    text: String,
    focused: bool,
}

const SEARCH_FIELD: &str = "input[name=q]";

fn typed_search(shell: &web_sys::Element) -> Option<TypedSearch> {
    let field: web_sys::HtmlInputElement = shell
        .query_selector(SEARCH_FIELD)
        .ok()
        .flatten()?
        .dyn_into()
        .ok()?;
    let focused = document()
        .active_element()
        .is_some_and(|a| a == *field.unchecked_ref::<web_sys::Element>());
    let text = field.value();
    (focused || text != field.default_value()).then_some(TypedSearch { text, focused })
}

impl TypedSearch {
    fn carry_to(self, app: &web_sys::Element) {
        let Some(field) = app
            .query_selector(SEARCH_FIELD)
            .ok()
            .flatten()
            .and_then(|f| f.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        field.set_value(&self.text);
        // The app's field keeps its text in a signal fed by `input` events.
        if let Ok(ev) = web_sys::Event::new("input") {
            let _ = field.dispatch_event(&ev);
        }
        if self.focused {
            let _ = field.focus();
        }
    }
}

/// The pages not in the first download (src/pages/on_demand.rs) that a
/// shopper opens from anywhere are fetched while the shopper looks at the
/// first one, so a tap does not wait for them.
fn fetch_rest_of_shop_later() {
    set_timeout(
        crate::pages::on_demand::fetch_shopper_pages,
        REST_OF_SHOP_AFTER,
    );
}
