//! The seller centre's components in a real browser (headless Chromium via
//! wasm-bindgen-test): what a seller reads.
#![cfg(all(feature = "csr", feature = "seller-centre"))]

use haitao::i18n::I18nProvider;
use haitao::seller_centre::catalog::ImportReport;
use haitao_core::seller::{ImportIssue, ImportProblem, ImportRefused};
use haitao_core::{ErrorCode, ErrorDetail};
use leptos::prelude::*;
use wasm_bindgen_test::*;

#[path = "browser/mod.rs"]
mod browser;

use browser::{new_div, wait_ms};

wasm_bindgen_test_configure!(run_in_browser);

fn refused() -> ImportRefused {
    let problem = |line, issue| ImportProblem {
        line,
        issue,
        reason: "the English of it".into(),
    };
    ImportRefused {
        error: ErrorDetail {
            code: ErrorCode::ImportRejected,
            field: None,
            message: "3 problem(s), nothing imported".into(),
        },
        problems: vec![
            problem(
                4,
                ImportIssue::Invalid {
                    field: "price_usd".into(),
                    value: "fourteen".into(),
                },
            ),
            problem(
                7,
                ImportIssue::Repeated {
                    field: "sku".into(),
                    value: "AB-1".into(),
                    first_line: 3,
                },
            ),
            problem(9, ImportIssue::NameMissing),
        ],
    }
}

/// The report's rows as text, in `lang`.
async fn rows(lang: &str) -> Vec<String> {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage");
    storage.set_item("haitao.lang", lang).expect("set");
    let el = new_div();
    leptos::mount::mount_to(el.clone(), || {
        view! { <I18nProvider><ImportReport refused=refused()/></I18nProvider> }
    })
    .forget();
    wait_ms(20).await;
    let list = el.query_selector_all("tbody tr").expect("rows");
    (0..list.length())
        .filter_map(|i| list.item(i).and_then(|n| n.text_content()))
        .collect()
}

#[wasm_bindgen_test]
async fn an_import_report_says_each_problem_in_the_sellers_language() {
    let en = rows("en-US").await;
    assert_eq!(en.len(), 3, "{en:?}");
    assert_eq!(
        en[0],
        "4price_usd \"fourteen\" must be dollars and cents above zero, like 12.99."
    );
    assert_eq!(en[1], "7sku \"AB-1\" is also on line 3.");
    assert_eq!(en[2], "9A name is needed: name_zh or name_en.");
    let zh = rows("zh-CN").await;
    assert_eq!(
        zh[0],
        "4price_usd“fourteen”应为：大于零的美元金额，例如 12.99。"
    );
    assert_eq!(zh[1], "7sku“AB-1”也出现在第 3 行。");
    // Never the English reason, never a message id.
    for row in en.iter().chain(&zh) {
        assert!(
            !row.contains("English of it") && !row.contains("sc-"),
            "{row}"
        );
    }
}
