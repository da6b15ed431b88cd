use crate::common::{address, identity, Shop};
use axum::http::StatusCode;
use futures::future::join_all;
use serde_json::json;

#[tokio::test]
async fn quote_reprices_on_the_server_with_tax_and_freight() {
    let shop = Shop::new().await;
    // Sockeye 1 kg: $45.00 at 7.0 = 315.00; cold chain 68.00; 6.3% of 383.00 = 24.13
    let (status, q) = shop
        .post(
            "/api/quote",
            &json!({"lines": [{"sku": "SS-1KG", "qty": 1}]}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(q["goods"]["amount"], 31_500);
    assert_eq!(q["freight"]["amount"], 6_800);
    assert_eq!(q["tax"]["amount"], 2_413);
    assert_eq!(q["total"]["amount"], 40_713);
    assert_eq!(q["parcels"][0]["channel"], "cold_chain");
    assert_eq!(q["issues"], json!([]));
}

#[tokio::test]
async fn quote_flags_the_order_limit() {
    let shop = Shop::new().await;
    let (status, q) = shop
        .post(
            "/api/quote",
            &json!({"lines": [{"sku": "KC-2KG", "qty": 5}]}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(q["issues"][0]["kind"], "order_limit");
    assert!(q["issues"][0]["over"]["amount"].as_i64().unwrap_or(0) > 0);
}

#[tokio::test]
async fn quote_refuses_bad_lines() {
    let shop = Shop::new().await;
    let cases = [
        (json!({"lines": []}), "empty_cart"),
        (
            json!({"lines": [{"sku": "SS-1KG", "qty": 0}]}),
            "invalid_quantity",
        ),
        (json!({"lines": [{"sku": "NOPE", "qty": 1}]}), "unknown_sku"),
    ];
    for (body, code) in cases {
        let (status, err) = shop.post("/api/quote", &body, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(err["error"]["code"], code);
    }
    let (status, err) = shop
        .post(
            "/api/quote",
            &json!({"lines": [{"sku": "SS-1KG", "qty": -1}]}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["code"], "bad_request");
}

#[tokio::test]
async fn an_order_is_repriced_stored_and_takes_stock() {
    let shop = Shop::new().await;
    let before = shop.stock("AL-500G").await;
    let body = json!({"lines": [{"sku": "AL-500G", "qty": 2}], "address": address(), "identity": identity()});
    let (status, order) = shop
        .post("/api/orders", &body, Some("key-aaaaaaaa-0001"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    assert_eq!(order["status"], "awaiting_payment");
    // $12.00 x 2 at 7.0 = 168.00 + 30.00 freight + 6.3% of 198.00 (12.47) = 210.47
    assert_eq!(order["quote"]["total"]["amount"], 21_047);
    assert_eq!(shop.stock("AL-500G").await, before - 2);

    let id = order["id"].as_str().expect("id");
    let (status, again) = shop.get(&format!("/api/orders/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    // The guest's token comes with placing the order only.
    let mut placed = order.clone();
    assert!(placed["access_token"]
        .as_str()
        .is_some_and(|t| t.len() >= 32));
    placed.as_object_mut().map(|o| o.remove("access_token"));
    assert_eq!(again, placed);
}

#[tokio::test]
async fn the_same_idempotency_key_gives_the_same_order() {
    let shop = Shop::new().await;
    let before = shop.stock("PI-454G").await;
    let body = json!({"lines": [{"sku": "PI-454G", "qty": 1}], "address": address(), "identity": identity()});
    let (s1, first) = shop
        .post("/api/orders", &body, Some("double-tap-0000001"))
        .await;
    let (s2, second) = shop
        .post("/api/orders", &body, Some("double-tap-0000001"))
        .await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::OK));
    assert_eq!(first["id"], second["id"]);
    assert_eq!(
        shop.stock("PI-454G").await,
        before - 1,
        "stock is taken once"
    );
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM orders")
        .fetch_one(&shop.state.db)
        .await
        .expect("count");
    assert_eq!(n, 1);

    let other = json!({"lines": [{"sku": "PI-454G", "qty": 2}], "address": address(), "identity": identity()});
    let (status, err) = shop
        .post("/api/orders", &other, Some("double-tap-0000001"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["code"], "idempotency_key_reused");
}

#[tokio::test]
async fn concurrent_retries_make_one_order() {
    let shop = Shop::new().await;
    let body = json!({"lines": [{"sku": "WN-454G", "qty": 1}], "address": address(), "identity": identity()});
    let before = shop.stock("WN-454G").await;
    // join_all polls them together, so they really race for the database.
    let answers =
        join_all((0..8).map(|_| shop.post("/api/orders", &body, Some("concurrent-retry-01"))))
            .await;
    let ids: std::collections::HashSet<String> = answers
        .iter()
        .map(|(_, o)| o["id"].as_str().unwrap_or("none").to_owned())
        .collect();
    assert_eq!(ids.len(), 1, "{answers:?}");
    assert_eq!(shop.stock("WN-454G").await, before - 1);
}

#[tokio::test]
async fn orders_refuse_bad_input_with_the_field() {
    let shop = Shop::new().await;
    let lines = json!([{"sku": "AL-500G", "qty": 1}]);
    let mut cases = Vec::new();
    for (field, value, code) in [
        ("recipient", "", "invalid_name"),
        ("mobile", "1380013800", "invalid_mobile"),
        ("postcode", "20012", "invalid_postcode"),
        ("street", "", "invalid_address"),
        ("province", "", "invalid_address"),
    ] {
        let mut a = address();
        a[field] = json!(value);
        cases.push((
            json!({"lines": lines, "address": a, "identity": identity()}),
            format!("address.{field}"),
            code,
        ));
    }
    for (i, (body, field, code)) in cases.into_iter().enumerate() {
        let (status, err) = shop
            .post("/api/orders", &body, Some(&format!("bad-input-key-{i:04}")))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert_eq!(err["error"]["code"], code, "{field}");
        assert_eq!(err["error"]["field"], field.as_str());
    }
    let (status, err) = shop
        .post(
            "/api/orders",
            &json!({"lines": lines, "address": address(), "identity": identity()}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(err["error"]["code"], "idempotency_key_missing");
}

#[tokio::test]
async fn stock_never_goes_below_zero() {
    let shop = Shop::new().await;
    // Sold out (BC-2KG is seeded so, but is sold in its season only).
    sqlx::query("UPDATE variants SET stock = 0 WHERE sku = 'KC-1KG'")
        .execute(&shop.state.db)
        .await
        .expect("sold out");
    let body = json!({"lines": [{"sku": "KC-1KG", "qty": 1}], "address": address(), "identity": identity()});
    let (status, err) = shop
        .post("/api/orders", &body, Some("sold-out-key-0001"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(err["error"]["code"], "out_of_stock");
    assert_eq!(shop.stock("KC-1KG").await, 0);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM orders")
        .fetch_one(&shop.state.db)
        .await
        .expect("count");
    assert_eq!(n, 0, "a refused order leaves nothing behind");
}

#[tokio::test]
async fn a_sold_out_line_names_its_own_place_and_the_others_keep_their_stock() {
    let shop = Shop::new().await;
    // Stock is taken in SKU order (KC before PI): the sold-out line is the
    // request's first but the second taken, after KC's units were.
    sqlx::query("UPDATE variants SET stock = 0 WHERE sku = 'PI-454G'")
        .execute(&shop.state.db)
        .await
        .expect("sold out");
    let kc = shop.stock("KC-1KG").await;
    let body = json!({
        "lines": [{"sku": "PI-454G", "qty": 1}, {"sku": "KC-1KG", "qty": 2}],
        "address": address(),
        "identity": identity(),
    });
    let (status, err) = shop
        .post("/api/orders", &body, Some("sold-out-line-0001"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(err["error"]["code"], "out_of_stock");
    assert_eq!(err["error"]["field"], "lines[0].qty");
    assert_eq!(shop.stock("KC-1KG").await, kc, "the taken units are back");
    for table in ["orders", "order_lines", "consents", "index_changes"] {
        let (n,): (i64,) = sqlx::query_as(&format!(
            "SELECT COUNT(*) FROM {table} WHERE {} ",
            if table == "orders" {
                "1 = 1"
            } else {
                "order_id IS NOT NULL"
            }
        ))
        .fetch_one(&shop.state.db)
        .await
        .expect("count");
        assert_eq!(n, 0, "{table}: a refused order leaves nothing behind");
    }

    // Back in stock, the same key places the whole order, each row once.
    sqlx::query("UPDATE variants SET stock = 5 WHERE sku = 'PI-454G'")
        .execute(&shop.state.db)
        .await
        .expect("restocked");
    let (status, order) = shop
        .post("/api/orders", &body, Some("sold-out-line-0001"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    let id = order["id"].as_str().expect("id");
    for (table, rows) in [("order_lines", 2), ("consents", 3), ("index_changes", 1)] {
        let (n,): (i64,) =
            sqlx::query_as(&format!("SELECT COUNT(*) FROM {table} WHERE order_id = $1"))
                .bind(id)
                .fetch_one(&shop.state.db)
                .await
                .expect("count");
        assert_eq!(n, rows, "{table}");
    }
    let (lines,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM order_lines l JOIN variants v ON v.sku = l.sku
           JOIN products p ON p.id = v.product_id
          WHERE l.order_id = $1 AND l.seller_id = p.seller_id
            AND l.qty = CASE l.sku WHEN 'KC-1KG' THEN 2 ELSE 1 END",
    )
    .bind(id)
    .fetch_one(&shop.state.db)
    .await
    .expect("lines");
    assert_eq!(lines, 2, "each line with its units and its seller");
    assert_eq!(shop.stock("PI-454G").await, 4);
    assert_eq!(shop.stock("KC-1KG").await, kc - 2);
}

/// A SKU its seller removed between the quote and the writer's turn: the
/// order's batch ends with its `COMMIT` on SQLite, so the guard before it must
/// stop the batch, or the order would be kept without those units taken.
#[tokio::test]
async fn a_sku_gone_since_the_quote_stops_the_order_before_its_commit() {
    use haitao_server::catalog::stock::{CatalogWrite, Written};
    use haitao_server::infra::batch::Batch;
    let shop = Shop::new().await;
    let db = &shop.state.db;
    let kc = shop.stock("KC-1KG").await;
    let mut rows = Batch::new();
    rows.push(
        "INSERT INTO orders (id, status, idempotency_key, request_hash, total_fen, quote_json, address_json)
         VALUES ($1, 'awaiting_payment', $2, 'hash', 100, '{}', '{}')",
        vec!["HT-GONE-SKU".into(), "gone-sku-0001".into()],
    );
    let turn = CatalogWrite::deferred(db).await.expect("turn");
    let (write, written) = turn
        .write_order("HT-GONE-SKU", rows, &[("KC-1KG", 1), ("ZZ-REMOVED", 1)])
        .await
        .expect("write");
    assert_eq!(written, Written::Short(1), "the line whose SKU is gone");
    write.rollback().await.expect("rollback");
    assert_eq!(
        shop.stock("KC-1KG").await,
        kc,
        "the other line's units are back"
    );
    for table in ["orders", "index_changes"] {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(db)
            .await
            .expect("count");
        assert_eq!(n, 0, "{table}: nothing kept");
    }
}

#[tokio::test]
async fn unknown_order_is_404() {
    let shop = Shop::new().await;
    let (status, err) = shop.get("/api/orders/HT000000000000").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(err["error"]["code"], "not_found");
}

#[tokio::test]
async fn oversized_bodies_are_refused_in_the_error_shape() {
    let shop = Shop::new().await;
    let lines: Vec<_> = (0..5000)
        .map(|i| json!({"sku": format!("SKU-{i:06}-PADDING-PADDING"), "qty": 1}))
        .collect();
    let (status, err) = shop
        .post("/api/quote", &json!({ "lines": lines }), None)
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{err}");
    assert_eq!(err["error"]["code"], "bad_request");
}

#[tokio::test]
async fn responses_carry_the_security_headers() {
    use axum::body::Body;
    use axum::http::Request;
    let shop = Shop::new().await;
    for path in ["/api/health", "/p/rainier-cherries"] {
        let res = shop
            .raw(Request::get(path).body(Body::empty()).expect("req"))
            .await;
        assert_eq!(res.headers()["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(
            res.headers()["referrer-policy"],
            "strict-origin-when-cross-origin",
            "{path}"
        );
        assert_eq!(res.headers()["x-frame-options"], "SAMEORIGIN", "{path}");
    }
}

#[tokio::test]
async fn the_app_page_allows_only_its_own_scripts_and_frames() {
    use axum::body::Body;
    use axum::http::Request;
    let shop = Shop::new().await;
    // A built page with trunk's inline loader; the cart is not drawn by the
    // server, so its loader is the one built (no wait for a picture).
    std::fs::write(
        shop.dist().join("index.html"),
        "<!doctype html><title>haitao</title><script type=module>import init from '/haitao-0123456789abcdef.js';</script><div id=shell></div>",
    )
    .expect("index");
    let res = shop
        .raw(Request::get("/cart").body(Body::empty()).expect("req"))
        .await;
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap_or_default()
        .to_owned();
    // sha256 of the loader, base64 (computed independently: `openssl dgst -sha256 -binary | base64`).
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-aR3nDrYY2M6G0bIUKSU0a+RoSf+KwFLGvuLNjEqq/eo='"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
    assert!(
        csp.contains("connect-src 'self'") && csp.contains("img-src 'self'"),
        "{csp}"
    );
    let res = shop
        .raw(
            Request::get("/api/health")
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(
        res.headers()["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );
}

#[tokio::test]
async fn order_and_payment_creation_is_rate_limited_per_client() {
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use axum::http::Request;
    let shop = Shop::new().await;
    // Each order a payer of its own: the client (its address, as it keeps
    // no device cookie) is what is limited here.
    let order = |key: String, ip: [u8; 4]| {
        let payer =
            u32::from(ip[3]) * 100 + key.len() as u32 * 7 + key.bytes().map(u32::from).sum::<u32>();
        let body = json!({
            "lines": [{"sku": "AL-500G", "qty": 1}],
            "address": crate::common::address(),
            "identity": {"name": "张三", "id_number": crate::common::made_up_id(payer)},
        });
        let mut req = Request::post("/api/orders")
            .header("content-type", "application/json")
            .header("idempotency-key", key)
            .body(Body::from(
                crate::common::consented("/api/orders", body).to_string(),
            ))
            .expect("req");
        req.extensions_mut()
            .insert(ConnectInfo(std::net::SocketAddr::from((ip, 40000))));
        req
    };
    // The default: ten at once from one client.
    for i in 0..10 {
        let res = shop
            .raw(order(format!("rate-limit-{i}"), [10, 0, 0, 1]))
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "order {i}");
    }
    let res = shop.raw(order("rate-limit-10".into(), [10, 0, 0, 1])).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!((1..=6).contains(&wait), "retry after {wait} s");
    let body = http_body_util::BodyExt::collect(res.into_body())
        .await
        .expect("body")
        .to_bytes();
    let err: serde_json::Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(err["error"]["code"], "rate_limited");
    // Another shopper is not held up, and reading is never limited.
    let res = shop
        .raw(order("rate-limit-other".into(), [10, 0, 0, 2]))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let (status, _) = shop.get("/api/products?q=cherry").await;
    assert_eq!(status, StatusCode::OK);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM orders")
        .fetch_one(&shop.state.db)
        .await
        .expect("count");
    assert_eq!(n, 11, "the refused order was not written");
}

#[tokio::test]
async fn the_openapi_document_lists_every_answer_the_server_gives() {
    let shop = Shop::new().await;
    let (status, doc) = shop.get("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let answers = |path: &str, method: &str| -> Vec<String> {
        doc["paths"][path][method]["responses"]
            .as_object()
            .map(|r| r.keys().cloned().collect())
            .unwrap_or_default()
    };
    for code in ["200", "400", "413", "415", "422"] {
        assert!(
            answers("/quote", "post").contains(&code.to_owned()),
            "/quote {code}"
        );
    }
    assert!(answers("/orders", "post").contains(&"429".to_owned()));
    assert!(answers("/orders/{id}/pay", "post").contains(&"429".to_owned()));
    assert!(answers("/orders/{id}/cancel", "post").contains(&"429".to_owned()));
    assert!(
        !answers("/quote", "post").contains(&"429".to_owned()),
        "only creation is limited"
    );
    assert_eq!(
        doc["paths"]["/quote"]["post"]["responses"]["415"]["content"]["application/json"]["schema"]
            ["$ref"],
        "#/components/schemas/ErrorBody"
    );
    assert!(doc["components"]["securitySchemes"]["preview_token"].is_object());
}

/// Fresh produce is sold in its season only: out of it, the product says
/// when the next season opens, and neither the cart's price nor an order
/// takes it; in season it is on sale again.
#[tokio::test]
async fn produce_out_of_season_says_when_it_opens_and_is_not_sold() {
    let shop = Shop::new().await;
    let (year, month) = haitao_server::infra::clock::Clock::default().year_month_in_china();
    let season = |from: u8| {
        sqlx::query(
            "UPDATE products SET season_from = $1, season_to = $1 WHERE slug = 'rainier-cherries'",
        )
        .bind(i64::from(from))
        .execute(&shop.state.db)
    };
    // Next month only: out of season now, whatever the month of the run.
    let next = month % 12 + 1;
    season(next).await.expect("season");
    let (_, p) = shop.get("/api/products/rainier-cherries").await;
    let opens_year = if next == 1 { year + 1 } else { year };
    assert_eq!(p["opens"], json!({"year": opens_year, "month": next}));
    let lines = json!([{"sku": "SS-1KG", "qty": 1}, {"sku": "RC-1KG", "qty": 1}]);
    let (status, err) = shop
        .post("/api/quote", &json!({ "lines": lines }), None)
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(err["error"]["code"], "out_of_season");
    assert_eq!(err["error"]["field"], "lines[1].sku");
    let body = json!({"lines": lines, "address": address(), "identity": identity()});
    let (status, err) = shop
        .post("/api/orders", &body, Some("season-key-000001"))
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("out_of_season"))
    );
    assert_eq!(shop.stock("RC-1KG").await, 120, "nothing taken");

    // This month: in season, on sale.
    season(month).await.expect("season");
    let (_, p) = shop.get("/api/products/rainier-cherries").await;
    assert!(p.get("opens").is_none(), "{p}");
    let (status, _) = shop
        .post("/api/quote", &json!({ "lines": lines }), None)
        .await;
    assert_eq!(status, StatusCode::OK);
}

/// The postcode is optional (Chinese shops do not ask for it); one given is
/// checked. A municipality's placeholder city is not part of the address as
/// declared.
#[tokio::test]
async fn the_postcode_is_optional_and_checked_when_given() {
    let shop = Shop::new().await;
    let mut a = address();
    a["postcode"] = json!("");
    let body =
        json!({"lines": [{"sku": "AL-500G", "qty": 1}], "address": a, "identity": identity()});
    let (status, o) = shop
        .post("/api/orders", &body, Some("no-postcode-key-01"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{o}");
    let mut body = body;
    body["address"]["postcode"] = json!("20012");
    let (status, err) = shop
        .post("/api/orders", &body, Some("bad-postcode-key-1"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["field"], "address.postcode");
}
