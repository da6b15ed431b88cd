//! Each language's messages (locales/<lang>/*.ftl) as one text in OUT_DIR,
//! with a hash of it: the storefront fetches a language it does not carry
//! under a name that changes with its content (src/locales.rs), and the
//! server serves that name from the same text.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=locales");
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut code = String::new();
    for (lang, konst) in [("zh-CN", "ZH_CN"), ("en-US", "EN_US")] {
        let dir = Path::new("locales").join(lang);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .collect();
        files.sort();
        // The seller centre's messages (seller-*.ftl) are a text of their
        // own: a shopper never downloads them. So are those of what comes
        // after a purchase (after-*.ftl: the order's way, after-sales,
        // reviews): fetched by the pages that show it, not on a first visit.
        let named = |p: &std::path::PathBuf, prefix: &str| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        };
        let (seller, rest): (Vec<_>, Vec<_>) = files.into_iter().partition(|p| named(p, "seller-"));
        let (after, shop): (Vec<_>, Vec<_>) = rest.into_iter().partition(|p| named(p, "after-"));
        for (files, name, suffix) in [
            (shop, lang.to_owned(), ""),
            (seller, format!("seller-{lang}"), "_SELLER"),
            (after, format!("after-{lang}"), "_AFTER"),
        ] {
            let text = joined(&files);
            let path = Path::new(&out).join(format!("{name}.ftl"));
            fs::write(&path, &text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let _ = writeln!(
                code,
                "pub const {konst}{suffix}: &str = include_str!({:?});\npub const {konst}{suffix}_HASH: &str = \"{:016x}\";",
                path.display().to_string(),
                fnv1a(text.as_bytes())
            );
        }
    }
    // The after-purchase pages' styles, fetched with their messages: its
    // comments dropped (trunk minifies the first visit's sheet; this one is
    // small), named by its hash.
    println!("cargo:rerun-if-changed=style/after.css");
    let css =
        fs::read_to_string("style/after.css").unwrap_or_else(|e| panic!("style/after.css: {e}"));
    let css = without_comments(&css);
    let css_path = Path::new(&out).join("after.css");
    fs::write(&css_path, &css).unwrap_or_else(|e| panic!("{}: {e}", css_path.display()));
    let _ = writeln!(
        code,
        "pub const AFTER_CSS: &str = include_str!({:?});\npub const AFTER_CSS_HASH: &str = \"{:016x}\";",
        css_path.display().to_string(),
        fnv1a(css.as_bytes())
    );
    let path = Path::new(&out).join("locales.rs");
    fs::write(&path, code).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// CSS without its `/* ... */` comments and blank lines.
fn without_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("/*") {
        out.push_str(&rest[..at]);
        rest = rest[at..]
            .find("*/")
            .map_or("", |end| &rest[at + end + 2..]);
    }
    out.push_str(rest);
    out.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The files' messages as one text.
fn joined(files: &[std::path::PathBuf]) -> String {
    let mut text = String::new();
    for file in files {
        println!("cargo:rerun-if-changed={}", file.display());
        let body = fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        // Comments are for translators, not shoppers: a line starting
        // with `#` is always one (a message's continuation is indented).
        for line in body.lines().filter(|l| !l.starts_with('#')) {
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}

/// FNV-1a, 64 bits: a name for a version of a text, not a secret.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
