//! What the browser and the server agree on by name: the language cookie
//! leptos-fluent writes (a macro takes only a literal) is the one
//! haitao-core names and the server reads.
#![cfg(feature = "ssr")]

#[test]
fn the_apps_language_cookie_is_the_one_the_server_reads() {
    let i18n = include_str!("../src/i18n.rs");
    let named = format!("cookie_name: \"{}\"", haitao_core::cookies::LANG);
    assert!(i18n.contains(&named), "src/i18n.rs must write {named}");
}
