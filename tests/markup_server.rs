//! The server's drawing of each public page (haitao::ssr::render) against
//! its golden file in tests/markup/, which the browser test compares the
//! app's own rendering with: the two sides cannot drift apart unseen.
//! After a deliberate change: `UPDATE_MARKUP=1 cargo test -p haitao --features ssr --test markup_server`.
#![cfg(feature = "ssr")]

#[path = "fixtures/markup.rs"]
mod fixtures;

use haitao::ssr::{render, Request};

fn drawn(case: fixtures::Case) -> (String, String) {
    let html = render(
        &Request {
            lang: case.lang,
            url: case.url,
            signed_in: false,
        },
        fixtures::load().categories,
        case.page,
    );
    (case.name, html)
}

#[test]
fn each_page_is_drawn_as_its_golden_file() {
    let update = std::env::var_os("UPDATE_MARKUP").is_some();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/markup");
    let mut stale = Vec::new();
    for case in fixtures::cases() {
        let (name, html) = drawn(case);
        let path = dir.join(format!("{name}.html"));
        if update {
            std::fs::write(&path, &html).expect("write the golden file");
            continue;
        }
        let golden = std::fs::read_to_string(&path).unwrap_or_default();
        if golden != html {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "drawn differently from tests/markup/: {stale:?} (UPDATE_MARKUP=1 after a deliberate change)"
    );
}

fn page(name: &str) -> String {
    fixtures::cases()
        .into_iter()
        .find(|c| c.name == name)
        .map(|c| drawn(c).1)
        .expect("a case")
}

#[test]
fn hostile_text_is_text() {
    for name in [
        "category-zh-CN",
        "product-en-US",
        "seller-zh-CN",
        "search-zh-CN",
    ] {
        let html = page(name);
        assert!(!html.contains("<img src=x"), "{name}: {html}");
        assert!(!html.contains("<b>核桃"), "{name}");
        assert!(!html.contains("'apostrophes' </main>"), "{name}");
    }
    assert!(page("product-zh-CN").contains("&lt;img src=x onerror=alert(1)&gt; &amp; "));
}

#[test]
fn what_the_old_copies_dropped_is_there() {
    let en = page("category-en-US");
    // A name with no English: the Chinese stands in, marked.
    assert!(en.contains("class=\"untranslated\""), "{en}");
    // No picture: a blank of the same size, named for screen readers.
    assert!(en.contains("role=\"img\""), "{en}");
    assert!(en.contains("class=\"card-img no-image\""));
    // Sold out.
    assert!(en.contains("badge badge-out"));
    // Sections are named by their headings.
    assert!(page("home-zh-CN").contains("aria-labelledby=\"pop-h\""));
    // The whole page: header, search, main marked as drawn.
    assert!(en.starts_with("<header class=\"site-header\">"));
    assert!(
        en.contains("<main class=\"page\">"),
        "not busy: the page itself"
    );
}

#[test]
fn in_the_language_asked() {
    assert!(page("product-zh-CN").contains("加入购物车"));
    assert!(page("product-en-US").contains("Add to cart"));
    assert!(page("not-found-en-US").contains("<h1>"));
}
