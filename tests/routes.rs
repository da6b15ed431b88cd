//! The browser's router and haitao-core's route table are one list: the
//! server draws, preloads and keeps from search engines what the table says,
//! so a route added to src/app.rs and not to the table (or the other way
//! round) fails here.
#![cfg(feature = "ssr")]

use haitao_core::routes::TABLE;

#[test]
fn the_apps_router_has_the_tables_routes_in_its_order() {
    // The shop's router, then the seller centre's (an app of its own).
    let app = concat!(
        include_str!("../src/app.rs"),
        include_str!("../src/seller_centre/app.rs")
    );
    let routed: Vec<&str> = app
        .match_indices("path!(\"")
        .filter_map(|(at, m)| {
            let rest = &app[at + m.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect();
    let table: Vec<&str> = TABLE.iter().map(|r| r.pattern).collect();
    assert_eq!(routed, table);
}
