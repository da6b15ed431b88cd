//! The app's rendering in the browser against the server's (tests/markup/,
//! checked by tests/markup_server.rs): each page of the shared fixtures is
//! mounted from the same components with the same data, and the two trees
//! must be the same, element for element, attribute for attribute, text
//! for text. (Comments, which mark reactive places differently on each
//! side, the order attributes were set in, and the bare `<g>` groups leptos
//! wraps an SVG's children in, in the browser, do not count.)
#![cfg(feature = "csr")]

#[path = "fixtures/markup.rs"]
mod fixtures;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

#[path = "browser/mod.rs"]
mod browser;

use browser::{document, new_div, wait_ms};

wasm_bindgen_test_configure!(run_in_browser);

/// A tree written out the same way whichever side made it.
fn canonical(node: &web_sys::Node, out: &mut String) {
    let mut text = String::new();
    let mut child = node.first_child();
    while let Some(n) = child {
        match n.node_type() {
            web_sys::Node::TEXT_NODE => text.push_str(&n.text_content().unwrap_or_default()),
            web_sys::Node::ELEMENT_NODE => {
                out.push_str(&std::mem::take(&mut text));
                let el: &web_sys::Element = n.unchecked_ref();
                let mut attrs: Vec<(String, String)> = Vec::new();
                let list = el.attributes();
                for i in 0..list.length() {
                    if let Some(a) = list.item(i) {
                        let raw = a.value();
                        let value = if a.name() == "class" {
                            let mut tokens: Vec<&str> = raw.split_whitespace().collect();
                            tokens.sort_unstable();
                            tokens.join(" ")
                        } else {
                            raw
                        };
                        attrs.push((a.name(), value));
                    }
                }
                attrs.sort();
                let tag = el.tag_name().to_lowercase();
                // Leptos builds an SVG's children in the browser inside bare
                // `<g>` groups, which draw nothing of their own.
                if tag == "g" && attrs.is_empty() {
                    canonical(&n, out);
                    child = n.next_sibling();
                    continue;
                }
                out.push('<');
                out.push_str(&tag);
                for (k, v) in attrs {
                    out.push_str(&format!(" {k}={v:?}"));
                }
                out.push('>');
                canonical(&n, out);
                out.push_str(&format!("</{tag}>"));
            }
            // Comments: each side's markers for reactive places.
            _ => {}
        }
        child = n.next_sibling();
    }
    out.push_str(&text);
}

fn canonical_of(el: &web_sys::Node) -> String {
    let mut out = String::new();
    canonical(el, &mut out);
    out
}

/// The server's HTML, parsed by this browser.
fn parsed(html: &str) -> String {
    let template: web_sys::HtmlTemplateElement = document()
        .create_element("template")
        .expect("template")
        .unchecked_into();
    template.set_inner_html(html);
    canonical_of(&template.content())
}

/// Where two writings part, with some context.
fn first_difference(a: &str, b: &str) -> String {
    let at = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    let from = a[..at].char_indices().rev().nth(120).map_or(0, |(i, _)| i);
    let end = |s: &str| {
        s[at..]
            .char_indices()
            .nth(120)
            .map_or(s.len(), |(i, _)| at + i)
    };
    format!(
        "server: …{}…\n app:    …{}…",
        &a[from..end(a)],
        &b[from.min(b.len())..end(b)]
    )
}

#[wasm_bindgen_test]
async fn the_app_draws_each_page_as_the_server_does() {
    let history = web_sys::window()
        .expect("window")
        .history()
        .expect("history");
    let back = web_sys::window()
        .expect("window")
        .location()
        .href()
        .expect("href");
    let golden = [
        ("home-zh-CN", include_str!("markup/home-zh-CN.html")),
        ("category-zh-CN", include_str!("markup/category-zh-CN.html")),
        ("search-zh-CN", include_str!("markup/search-zh-CN.html")),
        ("product-zh-CN", include_str!("markup/product-zh-CN.html")),
        ("seller-zh-CN", include_str!("markup/seller-zh-CN.html")),
        (
            "not-found-zh-CN",
            include_str!("markup/not-found-zh-CN.html"),
        ),
        ("home-en-US", include_str!("markup/home-en-US.html")),
        ("category-en-US", include_str!("markup/category-en-US.html")),
        ("search-en-US", include_str!("markup/search-en-US.html")),
        ("product-en-US", include_str!("markup/product-en-US.html")),
        ("seller-en-US", include_str!("markup/seller-en-US.html")),
        (
            "not-found-en-US",
            include_str!("markup/not-found-en-US.html"),
        ),
    ];
    let mut compared = 0;
    for case in fixtures::cases() {
        let server = golden
            .iter()
            .find(|(n, _)| *n == case.name)
            .map(|(_, html)| *html)
            .expect("a golden file for every case");
        // The router reads the address bar, as the server reads the request.
        history
            .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(case.url))
            .expect("replaceState");
        let el = new_div();
        let req = haitao::ssr::Request {
            lang: case.lang,
            url: case.url,
            signed_in: false,
        };
        let categories = fixtures::load().categories;
        let page = case.page;
        let handle = leptos::mount::mount_to(el.clone(), move || {
            haitao::ssr::page_view(&req, categories, page)
        });
        // The grid builds its cards over a few tasks.
        wait_ms(300).await;
        let (server, app) = (parsed(server), canonical_of(&el));
        assert!(
            server == app,
            "{}: the app draws this page differently from the server\n{}",
            case.name,
            first_difference(&server, &app)
        );
        drop(handle);
        el.remove();
        compared += 1;
    }
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&back))
        .expect("replaceState");
    assert_eq!(compared, 12);
}
