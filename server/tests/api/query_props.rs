//! The search-query parser and the search behind it, on arbitrary input: no
//! query string gives a 500 or panics, and what comes back obeys its filters.
//! Bounded by PROPTEST_CASES (default 256).

use crate::common::Shop;
use axum::http::StatusCode;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn param() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        Just("q"),
        Just("category"),
        Just("seller"),
        Just("origin"),
        Just("min"),
        Just("max"),
        Just("in_stock"),
        Just("in_season"),
        Just("sort"),
        Just("page"),
        Just("per_page"),
        Just("zz"),
    ];
    let value = prop_oneof![
        any::<String>(),
        "[0-9-]{0,12}",
        Just("樱桃".to_owned()),
        Just("yingtao".to_owned()),
        Just("yt".to_owned()),
        Just("Cherries".to_owned()),
        Just("true".to_owned()),
        Just("WA".to_owned()),
        Just("fresh".to_owned()),
        Just("price_desc".to_owned()),
        Just("' OR 1=1 --".to_owned()),
        Just("%".to_owned()),
        Just("%E6%A8".to_owned()),
    ];
    (name, value).prop_map(|(n, v)| format!("{n}={}", urlencode(&v)))
}

fn urlencode(s: &str) -> String {
    // Keep stray % so broken escapes reach the parser too.
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'%' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn any_listing_query_is_answered_or_refused_never_broken() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let shop = rt.block_on(Shop::new());
    let mut runner = TestRunner::new(Config::default());
    let result = runner.run(&prop::collection::vec(param(), 0..6), |params| {
        let uri = format!("/api/products?{}", params.join("&"));
        let (status, body) = rt.block_on(shop.get(&uri));
        prop_assert!(
            status == StatusCode::OK || status == StatusCode::BAD_REQUEST,
            "{uri}: {status} {body}"
        );
        if status == StatusCode::BAD_REQUEST {
            prop_assert!(body["error"]["code"].is_string(), "{uri}: {body}");
            return Ok(());
        }
        let items = body["items"].as_array().cloned().unwrap_or_default();
        let per_page = body["per_page"].as_u64().unwrap_or(0);
        prop_assert!((1..=60).contains(&per_page), "{uri}: per_page {per_page}");
        prop_assert!(items.len() as u64 <= per_page);
        if params.iter().any(|p| p == "in_stock=true") {
            prop_assert!(items.iter().all(|i| i["in_stock"] == true), "{uri}");
        }
        if params.iter().any(|p| p == "origin=WA")
            && !params
                .iter()
                .any(|p| p.starts_with("origin=") && p != "origin=WA")
        {
            prop_assert!(items.iter().all(|i| i["origin_state"] == "WA"), "{uri}");
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
