//! Handing over from index.html's frame to the app.
//!
//! For the public pages the server draws the page itself into the frame (a
//! `<main>` that is not `aria-busy`). The app is then built hidden and
//! takes the frame's place once its own first screen is ready, so the
//! shopper sees the same page throughout, never grey cards in between.
//! Other pages replace the frame at once.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How long a drawn frame stays at most, should a page never say it is ready.
const HANDOVER_WAIT: std::time::Duration = std::time::Duration::from_secs(4);

/// How long after its first screen the shop fetches the other pages' code:
/// once the first screen's pictures have had the network to themselves.
const REST_OF_SHOP_AFTER: std::time::Duration = std::time::Duration::from_millis(1500);

thread_local! {
    /// The frame and the hidden app, while the handover is pending.
    static PENDING: RefCell<Option<(web_sys::Element, web_sys::Element)>> = const { RefCell::new(None) };
}

/// Starts the app once the messages of the page's language are here (the
/// storefront's wasm carries none; the server preloads the page's with it).
/// (On pages with a drawn frame the server's loader has already waited for
/// the frame's first picture to be painted: see server/src/loader.rs.)
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
fn page_lang() -> haitao_core::text::Lang {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|tag| haitao_core::text::Lang::from_tag(&tag))
        .unwrap_or(crate::locales::DEFAULT)
}

fn mount() {
    match hidden_container() {
        Some((shell, app)) => {
            PENDING.with(|p| *p.borrow_mut() = Some((shell, app.clone().into())));
            set_timeout(first_screen_ready, HANDOVER_WAIT);
            leptos::mount::mount_to(app, crate::app::App).forget();
        }
        None => {
            // Nothing drawn: the frame goes in the same task as the app's
            // first render, so no frame is painted between them.
            if let Some(shell) = document().get_element_by_id("shell") {
                shell.remove();
            }
            leptos::mount::mount_to_body(crate::app::App);
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
    cfg!(not(target_arch = "wasm32")) || PENDING.with(|p| p.borrow().is_some())
}

/// Called by a page once its first screen is on the (hidden) page: the app
/// takes the frame's place, in one task, so nothing is painted in between.
pub fn first_screen_ready() {
    if let Some((shell, app)) = PENDING.with(|p| p.borrow_mut().take()) {
        let typed = typed_search(&shell);
        shell.remove();
        let _ = app.remove_attribute("hidden");
        if let Some(typed) = typed {
            typed.carry_to(&app);
        }
        fetch_rest_of_shop_later();
    }
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
