//! The address book and saved payers: the checkout's checks, only the
//! account's own, and an order placed from them in a few taps whose ID
//! number still reaches the customs declaration.

use crate::common::{address, call, call_with, identity, other_identity, sign_in, Shop};
use axum::http::StatusCode;
use serde_json::{json, Value};

fn shenzhen() -> Value {
    json!({
        "recipient": "李四", "mobile": "13700137000", "province": "广东省", "city": "深圳市",
        "district": "南山区", "street": "科技园路1号", "postcode": "518057"
    })
}

#[tokio::test]
async fn addresses_are_checked_kept_masked_and_one_is_the_default() {
    let shop = Shop::unthrottled().await;
    let me = sign_in(&shop, "13911112222").await;
    // The checkout's checks, the checkout's field names.
    let mut bad = address();
    bad["mobile"] = json!("1380013800");
    let (status, err, _) = call(
        &shop,
        "POST",
        "/api/account/addresses",
        Some(&me),
        Some(bad),
    )
    .await;
    assert_eq!(
        (
            status,
            err["error"]["code"].clone(),
            err["error"]["field"].clone()
        ),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            json!("invalid_mobile"),
            json!("address.mobile")
        )
    );
    let mut elsewhere = address();
    elsewhere["city"] = json!("杭州市");
    let (status, err, _) = call(
        &shop,
        "POST",
        "/api/account/addresses",
        Some(&me),
        Some(elsewhere),
    )
    .await;
    assert_eq!(
        (status, err["error"]["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("address.district"))
    );

    let (status, first, _) = call(
        &shop,
        "POST",
        "/api/account/addresses",
        Some(&me),
        Some(address()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["is_default"], true, "the first is the default");
    assert_eq!(first["address"]["mobile"], "138****8000");
    let (_, second, _) = call(
        &shop,
        "POST",
        "/api/account/addresses",
        Some(&me),
        Some(shenzhen()),
    )
    .await;
    assert_eq!(second["is_default"], false);
    let (a, b) = (
        first["id"].as_i64().unwrap_or(0),
        second["id"].as_i64().unwrap_or(0),
    );
    let (_, book, _) = call(
        &shop,
        "POST",
        &format!("/api/account/addresses/{b}/default"),
        Some(&me),
        None,
    )
    .await;
    assert_eq!(book[0]["id"], b, "the default first");
    assert_eq!(book[0]["is_default"], true);
    assert_eq!(book[1]["is_default"], false);
    // Editing with the masked mobile sent back keeps the real one.
    let mut edit = book[0]["address"].clone();
    edit["street"] = json!("科技园路2号");
    let (status, edited, _) = call(
        &shop,
        "PUT",
        &format!("/api/account/addresses/{b}"),
        Some(&me),
        Some(edit),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(edited["address"]["street"], "科技园路2号");
    let (stored,): (String,) = sqlx::query_as("SELECT address_json FROM addresses WHERE id = $1")
        .bind(b)
        .fetch_one(&shop.state.db)
        .await
        .expect("row");
    assert!(stored.contains("13700137000"));
    // Deleting the default makes the other one the default.
    let (status, _, _) = call(
        &shop,
        "DELETE",
        &format!("/api/account/addresses/{b}"),
        Some(&me),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, book, _) = call(&shop, "GET", "/api/account/addresses", Some(&me), None).await;
    assert_eq!(book.as_array().map(Vec::len), Some(1));
    assert_eq!(
        (book[0]["id"].as_i64(), book[0]["is_default"].clone()),
        (Some(a), json!(true))
    );
    // Signed out: nothing.
    assert_eq!(
        call(&shop, "GET", "/api/account/addresses", None, None)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn another_accounts_address_or_payer_cannot_be_touched_or_used() {
    let shop = Shop::unthrottled().await;
    let me = sign_in(&shop, "13911112222").await;
    shop.state.clock.advance(std::time::Duration::from_secs(61));
    let them = sign_in(&shop, "13933334444").await;
    let (_, mine, _) = call(
        &shop,
        "POST",
        "/api/account/addresses",
        Some(&me),
        Some(address()),
    )
    .await;
    let (_, my_payer, _) = call(
        &shop,
        "POST",
        "/api/account/payers",
        Some(&me),
        Some(identity()),
    )
    .await;
    let (aid, pid) = (
        mine["id"].as_i64().unwrap_or(0),
        my_payer["id"].as_i64().unwrap_or(0),
    );
    for (method, uri, body) in [
        (
            "PUT",
            format!("/api/account/addresses/{aid}"),
            Some(address()),
        ),
        ("DELETE", format!("/api/account/addresses/{aid}"), None),
        (
            "POST",
            format!("/api/account/addresses/{aid}/default"),
            None,
        ),
        ("DELETE", format!("/api/account/payers/{pid}"), None),
    ] {
        let (status, err, _) = call(&shop, method, &uri, Some(&them), body).await;
        assert_eq!(
            (status, err["error"]["code"].clone()),
            (StatusCode::NOT_FOUND, json!("not_found")),
            "{method} {uri}"
        );
    }
    let order =
        json!({"lines": [{"sku": "AL-500G", "qty": 1}], "saved_address": aid, "saved_payer": pid});
    let (status, err, _) = call(
        &shop,
        "POST",
        "/api/orders",
        Some(&them),
        Some(order.clone()),
    )
    .await;
    assert_eq!(
        (status, err["error"]["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("saved_address"))
    );
    let (status, err, _) = call(&shop, "POST", "/api/orders", None, Some(order)).await;
    assert_eq!(
        (status, err["error"]["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("saved_address")),
        "a guest has no book"
    );
    // Still all there for their owner.
    let (_, book, _) = call(&shop, "GET", "/api/account/addresses", Some(&me), None).await;
    assert_eq!(book.as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn a_returning_shopper_orders_with_a_saved_address_and_payer() {
    let shop = Shop::unthrottled().await;
    let me = sign_in(&shop, "13911112222").await;
    // The checkout's checks for payers too.
    let (status, err, _) = call(
        &shop,
        "POST",
        "/api/account/payers",
        Some(&me),
        Some(json!({"name": "张三", "id_number": "110105194912310021"})),
    )
    .await;
    assert_eq!(
        (status, err["error"]["field"].clone()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            json!("identity.id_number")
        )
    );
    let (status, payer, _) = call(
        &shop,
        "POST",
        "/api/account/payers",
        Some(&me),
        Some(other_identity()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(payer["id_masked"], "**************1236");
    assert!(!payer.to_string().contains("440304200002291236"));
    // The same number again: the same payer.
    let (status, again, _) = call(
        &shop,
        "POST",
        "/api/account/payers",
        Some(&me),
        Some(other_identity()),
    )
    .await;
    assert_eq!(
        (status, again["id"].clone()),
        (StatusCode::OK, payer["id"].clone())
    );
    let (_, addr, _) = call(
        &shop,
        "POST",
        "/api/account/addresses",
        Some(&me),
        Some(shenzhen()),
    )
    .await;

    // The request names them; the address and identity are left out.
    let order = json!({"lines": [{"sku": "AL-500G", "qty": 1}], "saved_address": addr["id"], "saved_payer": payer["id"]});
    let (status, o, _) = call(&shop, "POST", "/api/orders", Some(&me), Some(order)).await;
    assert_eq!(status, StatusCode::CREATED, "{o}");
    assert_eq!(o["payer_name"], "李四");
    assert_eq!(o["id_masked"], "**************1236");
    assert_eq!(o["address"]["city"], "深圳市");
    assert_eq!(o["address"]["mobile"], "137****7000");
    let id = o["id"].as_str().expect("id").to_owned();
    // It counts against the same allowance as typing the number would.
    let (typed_hash,): (String,) = sqlx::query_as("SELECT id_hash FROM orders WHERE id = $1")
        .bind(&id)
        .fetch_one(&shop.state.db)
        .await
        .expect("hash");
    assert_eq!(
        typed_hash,
        haitao_server::account::payers::id_hash(&shop.state.keys.id_hash, "440304200002291236")
    );
    // Paid and declared: the customs file has the full number.
    let (_, start, _) = call(
        &shop,
        "POST",
        &format!("/api/orders/{id}/pay"),
        Some(&me),
        Some(json!({"method": "wechat"})),
    )
    .await;
    shop.choose(start["payment_id"].as_str().expect("payment"), "succeeded")
        .await;
    let dir = tempfile::tempdir().expect("dir");
    let done = shop.declare(dir.path()).await;
    assert!(done.failed.is_empty(), "{:?}", done.failed);
    let xml = std::fs::read_to_string(dir.path().join(format!("CEB311_{id}.xml"))).expect("file");
    assert!(xml.contains("<ceb:buyerIdNumber>440304200002291236</ceb:buyerIdNumber>"));
    assert!(xml.contains("<ceb:consigneeTelephone>13700137000</ceb:consigneeTelephone>"));
    // Deleting the payer leaves the order's copy.
    let (status, _, _) = call(
        &shop,
        "DELETE",
        &format!("/api/account/payers/{}", payer["id"]),
        Some(&me),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, payers, _) = call(&shop, "GET", "/api/account/payers", Some(&me), None).await;
    assert_eq!(payers, json!([]));
}

/// An address and a payer saved in `me`'s book.
async fn saved_address_and_payer(shop: &Shop, me: &str) -> (Value, Value) {
    let (_, addr, _) = call(
        shop,
        "POST",
        "/api/account/addresses",
        Some(me),
        Some(shenzhen()),
    )
    .await;
    let (_, payer, _) = call(
        shop,
        "POST",
        "/api/account/payers",
        Some(me),
        Some(other_identity()),
    )
    .await;
    (addr, payer)
}

/// An Idempotency-Key and body (saved ids, nothing secret) replayed by
/// someone else: refused, not answered with the account's order and a token.
#[tokio::test]
async fn a_replayed_order_request_answers_only_the_account_that_made_it() {
    let shop = Shop::unthrottled().await;
    let me = sign_in(&shop, "13911112222").await;
    let (addr, payer) = saved_address_and_payer(&shop, &me).await;
    let body = json!({"lines": [{"sku": "AL-500G", "qty": 1}], "saved_address": addr["id"], "saved_payer": payer["id"]});
    let send = |cookie: Option<String>| {
        let body = body.clone();
        let shop = &shop;
        async move {
            let key = [("idempotency-key", "replayed-key-0001")];
            let (status, json, _) = call_with(
                shop,
                "POST",
                "/api/orders",
                cookie.as_deref(),
                Some(body),
                &key,
            )
            .await;
            (status, json)
        }
    };
    let (status, first) = send(Some(me.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    // The account itself retrying: the same order.
    let (status, again) = send(Some(me.clone())).await;
    assert_eq!((status, &again["id"]), (StatusCode::OK, &first["id"]));
    // Without the cookie, or as another account: no order, no token.
    let other = sign_in(&shop, "13922223333").await;
    for cookie in [None, Some(other)] {
        let (status, theirs) = send(cookie).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{theirs}");
        assert_eq!(theirs["error"]["code"], "idempotency_key_reused");
        assert!(theirs.get("access_token").is_none() && theirs.get("id").is_none());
    }
}
