//! Sellers' previews: every token case, drafts invisible to shoppers, and
//! the import and publish commands' rules.

use crate::common::Shop;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use haitao_server::catalog::import::{import_text, ImportError};
use haitao_server::catalog::preview::token;
use serde_json::{json, Value};

const SELLER: &str = "cascade-orchards";
const CSV: &str = include_str!("../../../docs/examples/cascade-orchards.csv");
const JSON: &str = include_str!("../../../docs/examples/cascade-orchards.json");

impl Shop {
    async fn token(&self, seller: &str, ttl: i64) -> String {
        token::issue(&self.state.db, &self.state.keys.preview, seller, ttl)
            .await
            .expect("issue")
            .expect("seller exists")
            .token
    }

    async fn preview(
        &self,
        uri: &str,
        token: Option<&str>,
    ) -> (StatusCode, Value, axum::http::HeaderMap) {
        let mut req = Request::get(uri);
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let res = self.raw(req.body(Body::empty()).expect("request")).await;
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = http_body_util::BodyExt::collect(res.into_body())
            .await
            .expect("body")
            .to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            headers,
        )
    }

    async fn import(
        &self,
        text: &str,
        format: &str,
    ) -> Result<haitao_server::catalog::import::Imported, ImportError> {
        import_text(&self.state.db, SELLER, text, format).await
    }
}

/// How many products the shop's category tree counts under "fruit".
async fn fruit_count(shop: &Shop) -> i64 {
    let (_, cats) = shop.get("/api/categories").await;
    cats.as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["slug"] == "fruit")
        .map(|c| c["product_count"].as_i64().unwrap_or(0))
        .sum()
}

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("")
}

#[tokio::test]
async fn every_token_case() {
    let shop = Shop::new().await;
    shop.import(CSV, "csv").await.expect("import");
    let good = shop.token(SELLER, 3600).await;
    let uri = format!("/api/preview/{SELLER}");

    let (status, body, headers) = shop.preview(&uri, Some(&good)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["profile"]["seller"]["slug"], SELLER);
    assert_eq!(headers["cache-control"], "no-store, private");
    assert_eq!(headers["x-robots-tag"], "noindex, nofollow");

    // Missing, malformed, forged (right shape, wrong MAC), unknown id.
    // The same token with the MAC's last digit changed.
    let forged = {
        let (head, last) = good.split_at(good.len() - 1);
        format!("{head}{}", if last == "0" { "1" } else { "0" })
    };
    let moved_exp = {
        let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
        parts[1] = (parts[1].parse::<i64>().unwrap_or(0) + 86_400).to_string();
        parts.join(".")
    };
    let cases: [(Option<&str>, StatusCode, &str); 6] = [
        (None, StatusCode::UNAUTHORIZED, "preview_token_missing"),
        (Some(""), StatusCode::UNAUTHORIZED, "preview_token_missing"),
        (
            Some("nonsense"),
            StatusCode::UNAUTHORIZED,
            "preview_token_invalid",
        ),
        (
            Some(&forged),
            StatusCode::UNAUTHORIZED,
            "preview_token_invalid",
        ),
        (
            Some(&moved_exp),
            StatusCode::UNAUTHORIZED,
            "preview_token_invalid",
        ),
        (
            Some("0123456789abcdef0123456789abcdef.99999999999.00"),
            StatusCode::UNAUTHORIZED,
            "preview_token_invalid",
        ),
    ];
    for (t, want_status, want_code) in cases {
        let (status, body, headers) = shop.preview(&uri, t).await;
        assert_eq!(
            (status, code(&body)),
            (want_status, want_code),
            "token {t:?}"
        );
        assert_eq!(headers["cache-control"], "no-store, private");
        assert!(
            body.get("profile").is_none() && !body.to_string().contains("Cascade"),
            "no seller data: {body}"
        );
    }

    // Another seller's good token: 403, and nothing of either seller.
    let other = shop.token("kodiak-catch", 3600).await;
    let (status, body, _) = shop.preview(&uri, Some(&other)).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::FORBIDDEN, "preview_wrong_seller")
    );
    assert!(!body.to_string().contains("Cascade") && !body.to_string().contains("Kodiak"));
    // A token for a seller that does not exist is refused the same way (no way to probe).
    let (status, _, _) = shop
        .preview("/api/preview/no-such-seller", Some(&good))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Expired.
    let (expired_id, _) = good.split_once('.').expect("id");
    let short = shop.token(SELLER, 3600).await;
    let short_id = short.split('.').next().unwrap_or_default().to_owned();
    sqlx::query("UPDATE preview_tokens SET expires_at = 1 WHERE id = $1")
        .bind(&short_id)
        .execute(&shop.state.db)
        .await
        .expect("age");
    // The MAC covers the expiry, so the token as issued no longer matches the row...
    let (status, body, _) = shop.preview(&uri, Some(&short)).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::UNAUTHORIZED, "preview_token_invalid")
    );
    // ...and one issued already expired says so.
    let stale = token::issue(&shop.state.db, &shop.state.keys.preview, SELLER, -10)
        .await
        .expect("issue")
        .expect("seller");
    let (status, body, _) = shop.preview(&uri, Some(&stale.token)).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::UNAUTHORIZED, "preview_token_expired")
    );

    // Revoked: that one stops, the others keep working.
    let second = shop.token(SELLER, 3600).await;
    assert_eq!(
        token::revoke(&shop.state.db, SELLER, Some(expired_id))
            .await
            .expect("revoke"),
        1
    );
    let (status, body, _) = shop.preview(&uri, Some(&good)).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::UNAUTHORIZED, "preview_token_revoked")
    );
    let (status, _, _) = shop.preview(&uri, Some(&second)).await;
    assert_eq!(status, StatusCode::OK);
    token::revoke(&shop.state.db, SELLER, None)
        .await
        .expect("revoke all");
    let (status, _, _) = shop.preview(&uri, Some(&second)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // The product preview takes the same token rules.
    let fresh = shop.token(SELLER, 3600).await;
    let product_uri = format!("/api/preview/{SELLER}/products/bosc-pears");
    assert_eq!(
        shop.preview(&product_uri, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        shop.preview(&product_uri, Some(&other)).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, body, headers) = shop.preview(&product_uri, Some(&fresh)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "draft");
    assert_eq!(body["product"]["variants"][0]["sku"], "BP-2KG");
    assert_eq!(headers["x-robots-tag"], "noindex, nofollow");
    // Another seller's product through this seller's preview: not found.
    let (status, _, _) = shop
        .preview(
            &format!("/api/preview/{SELLER}/products/king-crab-legs"),
            Some(&fresh),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Nor is a draft that cannot be shown yet (no tax class or channel).
    let (status, _, _) = shop
        .preview(
            &format!("/api/preview/{SELLER}/products/orchard-gift-crate"),
            Some(&fresh),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_preview_shows_drafts_and_reports_what_is_missing() {
    let shop = Shop::new().await;
    shop.import(CSV, "csv").await.expect("import");
    let t = shop.token(SELLER, 3600).await;
    let (status, body, _) = shop
        .preview(&format!("/api/preview/{SELLER}"), Some(&t))
        .await;
    assert_eq!(status, StatusCode::OK);
    let cards: Vec<&str> = body["profile"]["products"]["items"]
        .as_array()
        .expect("cards")
        .iter()
        .filter_map(|c| c["slug"].as_str())
        .collect();
    assert!(
        cards.contains(&"bosc-pears") && cards.contains(&"rainier-cherries"),
        "{cards:?}"
    );
    assert!(
        !cards.contains(&"orchard-gift-crate"),
        "no tax class or channel: not in the storefront"
    );
    let items = body["items"].as_array().expect("items");
    assert_eq!(items[0]["status"], "draft", "drafts first");
    let item = |slug: &str| {
        items
            .iter()
            .find(|i| i["slug"] == slug)
            .cloned()
            .unwrap_or_default()
    };
    let issues = |slug: &str| item(slug)["issues"].as_array().cloned().unwrap_or_default();
    let kinds = |slug: &str| {
        issues(slug)
            .iter()
            .map(|i| i["kind"].as_str().unwrap_or("").to_owned())
            .collect::<Vec<_>>()
    };

    // Fully translated; only the sold-out variant to report.
    assert_eq!(
        issues("bosc-pears"),
        vec![json!({ "kind": "out_of_stock", "sku": "BP-5KG" })]
    );
    // English in the Chinese name, no Chinese description, no image; "250 ml" is fine in both.
    assert_eq!(
        issues("apple-cider-syrup"),
        vec![
            json!({ "kind": "identical", "field": "name" }),
            json!({ "kind": "missing", "field": "description", "lang": "zh-CN" }),
            json!({ "kind": "no_images" }),
        ]
    );
    assert_eq!(
        kinds("orchard-gift-crate"),
        vec!["tax_class_unset", "channel_unset"]
    );
    assert_eq!(item("orchard-gift-crate")["showable"], false);
    assert_eq!(item("rainier-cherries")["status"], "published");
}

#[tokio::test]
async fn shoppers_never_see_drafts() {
    let shop = Shop::new().await;
    shop.import(CSV, "csv").await.expect("import");
    shop.reindex().await;
    let (_, list) = shop.get("/api/products?q=pear&per_page=60").await;
    let (_, zh) = shop
        .get("/api/products?q=%E5%8D%9A%E6%96%AF%E5%85%8B")
        .await;
    let (_, cat) = shop.get("/api/products?category=fruit&per_page=60").await;
    let (_, seller) = shop
        .get(&format!("/api/sellers/{SELLER}?per_page=60"))
        .await;
    for body in [&list, &zh, &cat, &seller] {
        let s = body.to_string();
        assert!(
            !s.contains("bosc-pears") && !s.contains("apple-cider-syrup"),
            "{s}"
        );
    }
    assert_eq!(zh["total"], 0);
    let (status, _) = shop.get("/api/products/bosc-pears").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, quote) = shop
        .post(
            "/api/quote",
            &json!({ "lines": [{ "sku": "BP-2KG", "qty": 1 }] }),
            None,
        )
        .await;
    assert_eq!(
        (status, code(&quote)),
        (StatusCode::UNPROCESSABLE_ENTITY, "unknown_sku"),
        "{quote}"
    );
    let order = json!({
        "lines": [{ "sku": "BP-2KG", "qty": 1 }],
        "address": crate::common::address(), "identity": crate::common::identity(),
    });
    let (status, body) = shop
        .post("/api/orders", &order, Some("draft-order-1"))
        .await;
    assert!(status.is_client_error(), "{status} {body}");
    assert_eq!(shop.stock("BP-2KG").await, 40, "no stock taken");
    let before = fruit_count(&shop).await;

    // Published, the product is on sale everywhere.
    let done = haitao_server::catalog::publish::publish(&shop.state.db, SELLER, None)
        .await
        .expect("publish");
    let mut published = done.published.clone();
    published.sort();
    assert_eq!(published, vec!["apple-cider-syrup", "bosc-pears"]);
    assert_eq!(
        done.refused.len(),
        1,
        "the crate has no tax class or channel"
    );
    shop.reindex().await;
    let (_, zh) = shop
        .get("/api/products?q=%E5%8D%9A%E6%96%AF%E5%85%8B")
        .await;
    assert_eq!(zh["items"][0]["slug"], "bosc-pears");
    assert_eq!(shop.get("/api/products/bosc-pears").await.0, StatusCode::OK);
    let after = fruit_count(&shop).await;
    assert_eq!(after, before + 1);
    let (status, body) = shop
        .post("/api/orders", &order, Some("draft-order-2"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[tokio::test]
async fn import_is_all_or_nothing_and_repeatable() {
    let shop = Shop::new().await;
    let count = || async {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM products")
            .fetch_one(&shop.state.db)
            .await
            .expect("count");
        let (v,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM variants")
            .fetch_one(&shop.state.db)
            .await
            .expect("count");
        (n, v)
    };
    let start = count().await;
    let first = shop.import(CSV, "csv").await.expect("csv");
    assert_eq!((first.created, first.updated, first.variants), (3, 0, 4));
    let after = count().await;
    assert_eq!(after, (start.0 + 3, start.1 + 4));
    // The same products again, from JSON: updated, not duplicated.
    let again = shop.import(JSON, "json").await.expect("json");
    assert_eq!((again.created, again.updated), (0, 3));
    assert_eq!(count().await, after);
    assert_eq!(shop.stock("BP-2KG").await, 40);

    // A file with one bad row among good ones: every problem, by line; nothing written.
    let bad = "slug,category,name_zh,name_en,origin_state,sku,price_usd,stock\n\
               good-one,fruit,好梨,Good pear,WA,GP-1,10.00,5\n\
               bad-one,fruit,坏梨,Bad pear,ZZ,BP-1,ten,5\n\
               good-two,fruit,好苹果,Good apple,WA,GP-1,3.50,1\n";
    match shop.import(bad, "csv").await {
        Err(ImportError::Rows(errors)) => {
            let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
            assert!(
                shown
                    .iter()
                    .any(|e| e.starts_with("line 3: origin_state \"ZZ\"")),
                "{shown:?}"
            );
            assert!(
                shown
                    .iter()
                    .any(|e| e.starts_with("line 3: price_usd \"ten\"")),
                "{shown:?}"
            );
            assert!(
                shown
                    .iter()
                    .any(|e| e.starts_with("line 4: sku \"GP-1\" is also on line 2")),
                "{shown:?}"
            );
        }
        other => panic!("expected row errors, got {other:?}"),
    }
    assert_eq!(count().await, after, "nothing half-imported");

    // Another seller's slug or SKU cannot be taken over.
    let theft = "slug,category,name_zh,name_en,origin_state,sku,price_usd,stock\n\
                 king-crab-legs,seafood,帝王蟹,King crab,AK,KC-NEW,1.00,1\n\
                 my-pears,fruit,梨,Pears,WA,RC-1KG,1.00,1\n";
    match shop.import(theft, "csv").await {
        Err(ImportError::Rows(errors)) => {
            assert_eq!(errors.len(), 2, "{errors:?}");
            assert_eq!((errors[0].line, errors[1].line), (2, 3));
        }
        other => panic!("expected row errors, got {other:?}"),
    }

    // JSON problems name the line the product starts on.
    let bad_json = "[\n  {\"slug\": \"a-b\", \"category\": \"fruit\", \"name\": {\"zh\": \"梨\"}, \"origin_state\": \"WA\", \"variants\": []},\n  {\"slug\": \"c-d\", \"category\": \"fruit\", \"name\": {\"zh\": \"梨\"}, \"origin_state\": \"WA\", \"colour\": \"red\"}\n]";
    match shop.import(bad_json, "json").await {
        Err(ImportError::Rows(errors)) => {
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].line, 3);
            assert!(errors[0].reason.contains("colour"), "{errors:?}");
        }
        other => panic!("expected row errors, got {other:?}"),
    }
    assert!(matches!(
        shop.import("not json", "json").await,
        Err(ImportError::Rows(_))
    ));
    assert!(matches!(
        import_text(&shop.state.db, "no-such-seller", CSV, "csv").await,
        Err(ImportError::NoSeller(_))
    ));
    assert_eq!(count().await, after);
}

#[tokio::test]
async fn reimporting_a_published_product_makes_it_a_draft_again() {
    let shop = Shop::new().await;
    shop.import(CSV, "csv").await.expect("import");
    haitao_server::catalog::publish::publish(&shop.state.db, SELLER, Some("bosc-pears"))
        .await
        .expect("publish");
    let again = shop.import(CSV, "csv").await.expect("again");
    assert_eq!(again.unpublished, 1);
    let (status,): (String,) =
        sqlx::query_as("SELECT status FROM products WHERE slug = 'bosc-pears'")
            .fetch_one(&shop.state.db)
            .await
            .expect("status");
    assert_eq!(status, "draft");
    // Publishing one product that cannot be sold says why.
    let done = haitao_server::catalog::publish::publish(
        &shop.state.db,
        SELLER,
        Some("orchard-gift-crate"),
    )
    .await
    .expect("publish");
    assert!(done.published.is_empty() && done.refused.len() == 1);
    assert!(
        haitao_server::catalog::publish::publish(&shop.state.db, SELLER, Some("nope"))
            .await
            .is_err()
    );
}

#[tokio::test]
async fn preview_pages_are_not_cached_or_indexed() {
    let shop = Shop::new().await;
    let res = shop
        .raw(
            Request::get("/preview/cascade-orchards?token=x")
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store, private");
    assert_eq!(res.headers()["x-robots-tag"], "noindex, nofollow");
    let shop_page = shop
        .raw(
            Request::get("/s/cascade-orchards")
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert!(shop_page.headers().get("x-robots-tag").is_none());
}

/// A file past the import's size is refused before it is read, saying its
/// size and what to do.
#[tokio::test]
async fn a_file_too_large_to_import_is_refused_with_its_size() {
    let shop = Shop::new().await;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("catalog.json");
    let file = std::fs::File::create(&path).expect("file");
    // Sparse: no disk is written for it.
    file.set_len(haitao_server::catalog::import::MAX_BYTES + 1)
        .expect("size");
    let err = haitao_server::catalog::import::import_file(&shop.state.db, SELLER, &path).await;
    let said = err.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        said.contains("65 MB") && said.contains("split the file"),
        "{said}"
    );
}
