//! Identity, the yearly quota, and payments through the sandbox provider.

use crate::common::{address, call, call_with, identity, other_identity, sign_in, Shop};
use axum::http::StatusCode;
use haitao_server::orders::payment;
use serde_json::{json, Value};

async fn order(shop: &Shop, key: &str) -> Value {
    let body = json!({"lines": [{"sku": "AL-500G", "qty": 1}], "address": address(), "identity": identity()});
    let (status, order) = shop.post("/api/orders", &body, Some(key)).await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    order
}

#[tokio::test]
async fn the_order_keeps_only_a_masked_id() {
    let shop = Shop::new().await;
    let o = order(&shop, "masked-id-key-01").await;
    assert_eq!(o["id_masked"], "**************002X");
    assert_eq!(o["payer_name"], "张三");
    assert!(
        !o.to_string().contains("11010519491231002X"),
        "no full ID in the answer"
    );
    let (_, again) = shop
        .get(&format!("/api/orders/{}", o["id"].as_str().unwrap_or("")))
        .await;
    assert!(!again.to_string().contains("11010519491231002X"));
    // Nor in the database, in any column of any row.
    let dump: Vec<(String,)> = sqlx::query_as("SELECT quote_json || address_json || payer_name || id_masked || id_hash || request_hash FROM orders")
        .fetch_all(&shop.state.db)
        .await
        .expect("rows");
    assert!(dump
        .iter()
        .all(|(row,)| !row.contains("11010519491231002") && !row.contains("19491231")));
}

#[tokio::test]
async fn identity_is_checked_by_the_server() {
    let shop = Shop::new().await;
    let cases = [
        (
            json!({"name": "张三", "id_number": "110105194912310021"}),
            "identity.id_number",
            "invalid_id_number",
        ), // check character
        (
            json!({"name": "张三", "id_number": "110105194902300028"}),
            "identity.id_number",
            "invalid_id_number",
        ), // 30 February
        (
            json!({"name": "张三", "id_number": "110105203001010010"}),
            "identity.id_number",
            "invalid_id_number",
        ), // future
        (
            json!({"name": "", "id_number": "11010519491231002X"}),
            "identity.name",
            "invalid_name",
        ),
    ];
    for (i, (identity, field, code)) in cases.into_iter().enumerate() {
        let body = json!({"lines": [{"sku": "AL-500G", "qty": 1}], "address": address(), "identity": identity});
        let (status, err) = shop
            .post("/api/orders", &body, Some(&format!("identity-case-{i:04}")))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert_eq!(err["error"]["code"], code);
        assert_eq!(err["error"]["field"], field);
    }
}

#[tokio::test]
async fn an_address_must_be_a_real_region() {
    let shop = Shop::new().await;
    let mut a = address();
    a["city"] = json!("杭州市"); // not in 上海市
    let body =
        json!({"lines": [{"sku": "AL-500G", "qty": 1}], "address": a, "identity": identity()});
    let (status, err) = shop
        .post("/api/orders", &body, Some("region-mismatch-01"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["field"], "address.district");
}

/// Customs declares the address as one line; one too long is refused at the
/// street, where the shopper can shorten it.
#[tokio::test]
async fn an_address_too_long_to_declare_is_refused_at_the_street() {
    let shop = Shop::new().await;
    let mut a = address();
    a["province"] = json!("甘肃省");
    a["city"] = json!("临夏回族自治州");
    a["district"] = json!("积石山保安族东乡族撒拉族自治县");
    a["street"] = json!("幸".repeat(76));
    let body =
        json!({"lines": [{"sku": "AL-500G", "qty": 1}], "address": a, "identity": identity()});
    let (status, err) = shop
        .post("/api/orders", &body, Some("address-too-long-1"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["code"], "address_too_long");
    assert_eq!(err["error"]["field"], "address.street");
    let mut body = body;
    body["address"]["street"] = json!("幸".repeat(75));
    let (status, o) = shop
        .post("/api/orders", &body, Some("address-fits-key-1"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{o}");
}

#[tokio::test]
async fn paying_marks_the_order_paid_once_even_if_notified_twice() {
    let shop = Shop::new().await;
    let o = order(&shop, "pay-once-key-0001").await;
    let id = o["id"].as_str().expect("id");
    let (status, start) = shop.pay(id, "alipay", "pay-key-alipay-01").await;
    assert_eq!(status, StatusCode::OK, "{start}");
    let payment = start["payment_id"].as_str().expect("payment id");
    assert_eq!(start["redirect_url"], format!("/sandbox/pay/{payment}"));
    // The same key again (a reload, a double tap): the same payment.
    let (_, again) = shop.pay(id, "alipay", "pay-key-alipay-01").await;
    assert_eq!(again["payment_id"], payment);

    let (status, page) = shop.get(&format!("/sandbox/pay/{payment}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.as_str().unwrap_or("").contains("支付宝"));
    assert_eq!(
        shop.choose(payment, "succeeded").await,
        StatusCode::SEE_OTHER
    );

    let (_, paid) = shop.get(&format!("/api/orders/{id}")).await;
    assert_eq!(paid["status"], "paid");
    assert_eq!(paid["payment_method"], "alipay");
    assert!(paid["paid_at"].is_string());

    // The provider's notification arrives again: nothing changes.
    let n = shop.notification(
        payment,
        "succeeded",
        paid["quote"]["total"]["amount"].as_i64().unwrap_or(0),
        "CNY",
    );
    let (status, answer) = shop.post("/api/payments/notify", &n, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["applied"], false);
    let (n_paid,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM payments WHERE status = 'succeeded'")
            .fetch_one(&shop.state.db)
            .await
            .expect("count");
    assert_eq!(n_paid, 1);

    // A paid order cannot be paid again.
    let (status, err) = shop.pay(id, "wechat", "pay-key-wechat-02").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(err["error"]["code"], "order_not_payable");
}

#[tokio::test]
async fn a_failed_or_cancelled_payment_leaves_the_order_payable() {
    let shop = Shop::new().await;
    let o = order(&shop, "pay-again-key-001").await;
    let id = o["id"].as_str().expect("id");
    for (i, outcome) in ["failed", "cancelled"].into_iter().enumerate() {
        let (_, start) = shop.pay(id, "wechat", &format!("try-{i}-wechat-key")).await;
        let payment = start["payment_id"].as_str().expect("payment");
        let (_, page) = shop.get(&format!("/sandbox/pay/{payment}")).await;
        assert!(
            page.as_str().unwrap_or("").contains("<svg"),
            "WeChat Pay shows a QR code"
        );
        shop.choose(payment, outcome).await;
        let (_, after) = shop.get(&format!("/api/orders/{id}")).await;
        assert_eq!(after["status"], "awaiting_payment", "{outcome}");
    }
    let (status, start) = shop.pay(id, "alipay", "third-try-alipay-key").await;
    assert_eq!(status, StatusCode::OK);
    shop.choose(start["payment_id"].as_str().expect("payment"), "succeeded")
        .await;
    let (_, after) = shop.get(&format!("/api/orders/{id}")).await;
    assert_eq!(after["status"], "paid");
}

#[tokio::test]
async fn forged_notifications_are_refused() {
    let shop = Shop::new().await;
    let o = order(&shop, "forged-note-key-01").await;
    let (_, start) = shop
        .pay(o["id"].as_str().expect("id"), "alipay", "forged-pay-key-01")
        .await;
    let payment = start["payment_id"].as_str().expect("payment");
    let mut n = shop.notification(
        payment,
        "succeeded",
        o["quote"]["total"]["amount"].as_i64().unwrap_or(0),
        "CNY",
    );
    n["signature"] = json!("00ff");
    let (status, err) = shop.post("/api/payments/notify", &n, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(err["error"]["code"], "bad_signature");
    let (_, after) = shop
        .get(&format!("/api/orders/{}", o["id"].as_str().unwrap_or("")))
        .await;
    assert_eq!(after["status"], "awaiting_payment");
}

/// Marks `order` paid this year for `fen`, as if the person had spent that.
async fn spent(shop: &Shop, order: &Value, fen: i64) {
    sqlx::query("UPDATE orders SET status = 'paid', paid_at = $2, total_fen = $3 WHERE id = $1")
        .bind(order["id"].as_str().unwrap_or(""))
        .bind(shop.state.clock.stamp())
        .bind(fen)
        .execute(&shop.state.db)
        .await
        .expect("update");
}

/// Whoever types a known ID number cannot measure its yearly spending with
/// orders of growing size: placement and the payment's start answer alike
/// below and above the allowance. Paying over it is refunded, the order says why.
#[tokio::test]
async fn a_stranger_cannot_measure_what_an_id_number_has_spent() {
    let shop = Shop::unthrottled().await;
    // This person has already paid 25,950 yuan this year.
    spent(&shop, &order(&shop, "probe-earlier-key1").await, 2_595_000).await;
    let mut paid_over = None;
    for qty in [1, 2, 4, 8] {
        let body = json!({"lines": [{"sku": "AL-500G", "qty": qty}], "address": address(), "identity": identity()});
        let (status, o) = shop
            .post(
                "/api/orders",
                &body,
                Some(&format!("probe-order-key-{qty}")),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "qty {qty}: {o}");
        let id = o["id"].as_str().expect("id").to_owned();
        let (status, start) = shop
            .pay(&id, "alipay", &format!("probe-pay-key-{qty}"))
            .await;
        assert_eq!(status, StatusCode::OK, "qty {qty}: {start}");
        paid_over = Some((
            id,
            start["payment_id"].as_str().expect("payment").to_owned(),
        ));
    }
    // Paying it anyway: the money goes back and the order says why.
    let (id, payment) = paid_over.expect("an order");
    assert_eq!(
        shop.choose(&payment, "succeeded").await,
        StatusCode::SEE_OTHER
    );
    let (_, o) = shop.get(&format!("/api/orders/{id}")).await;
    assert_eq!(o["status"], "cancelled", "{o}");
    assert_eq!(o["cancel_reason"], "annual_limit");
    assert_eq!(o["refunds"][0]["reason"], "annual_limit");
}

/// An account that has paid with an ID number is told before paying again:
/// at placement, and when a payment of an order placed earlier would start.
#[tokio::test]
async fn the_account_that_paid_with_an_id_number_is_told_before_it_pays() {
    let shop = Shop::unthrottled().await;
    let cookie = sign_in(&shop, "13800138123").await;
    let body = json!({"lines": [{"sku": "AL-500G", "qty": 1}], "address": address(), "identity": identity()});
    let place = |key: &'static str| {
        let (shop, cookie, body) = (&shop, cookie.clone(), body.clone());
        async move {
            call_with(
                shop,
                "POST",
                "/api/orders",
                Some(&cookie),
                Some(body),
                &[("idempotency-key", key)],
            )
            .await
        }
    };
    let (status, first, _) = place("told-first-key-001").await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    // Placed before the spending: its payment is refused when it would start.
    let (status, waiting, _) = place("told-waiting-key-01").await;
    assert_eq!(status, StatusCode::CREATED, "{waiting}");
    spent(&shop, &first, 2_595_000).await;
    let (status, err, _) = place("told-over-key-0001").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["code"], "annual_limit");
    let id = waiting["id"].as_str().expect("id");
    let (status, err, _) = call(
        &shop,
        "POST",
        &format!("/api/orders/{id}/pay"),
        Some(&cookie),
        Some(json!({"method": "alipay"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["code"], "annual_limit");
    // Someone else is not affected.
    let mut other = body.clone();
    other["identity"] = other_identity();
    let (status, o, _) = call(&shop, "POST", "/api/orders", Some(&cookie), Some(other)).await;
    assert_eq!(status, StatusCode::CREATED, "{o}");
}

#[tokio::test]
async fn the_sandbox_moves_paid_orders_through_customs_and_leaves_shipping_to_sellers() {
    let shop = Shop::new().await;
    let o = order(&shop, "advance-key-00001").await;
    let id = o["id"].as_str().expect("id");
    let (_, start) = shop.pay(id, "wechat", "advance-pay-key-1").await;
    shop.choose(start["payment_id"].as_str().expect("payment"), "succeeded")
        .await;
    payment::advance(&shop.state.db, &shop.state.clock, 0)
        .await
        .expect("advance");
    let (_, o1) = shop.get(&format!("/api/orders/{id}")).await;
    assert_eq!(o1["status"], "customs_declared");
    payment::advance(&shop.state.db, &shop.state.clock, 0)
        .await
        .expect("advance");
    let (_, o2) = shop.get(&format!("/api/orders/{id}")).await;
    assert_eq!(
        o2["status"], "customs_declared",
        "a seller's parcels ship it"
    );
    // Not before its time.
    let fresh = order(&shop, "advance-key-00002").await;
    let fid = fresh["id"].as_str().expect("id");
    let (_, start) = shop.pay(fid, "wechat", "advance-pay-key-2").await;
    shop.choose(start["payment_id"].as_str().expect("payment"), "succeeded")
        .await;
    payment::advance(&shop.state.db, &shop.state.clock, 3600)
        .await
        .expect("advance");
    let (_, f) = shop.get(&format!("/api/orders/{fid}")).await;
    assert_eq!(f["status"], "paid");
}

/// [2018] No. 49 art. 2: one indivisible item whose dutiable value passes
/// 5,000 yuan may be ordered on its own, taxed in full at its duty rate; with
/// anything else (or without a known duty rate) it cannot.
#[tokio::test]
async fn a_single_item_over_the_order_limit_is_sold_alone_and_taxed_in_full() {
    let shop = Shop::new().await;
    // A $900 unit (¥6,3xx): over the order limit by itself.
    sqlx::query("UPDATE variants SET price_usd = 90000 WHERE sku = 'AL-500G'")
        .execute(&shop.state.db)
        .await
        .expect("price");
    let quote = |lines: Value| {
        let shop = &shop;
        async move {
            shop.post("/api/quote", &json!({ "lines": lines }), None)
                .await
        }
    };
    let one = json!([{"sku": "AL-500G", "qty": 1}]);
    // Without a duty rate: it cannot be bought cross-border.
    let (_, q) = quote(one.clone()).await;
    assert_eq!(q["issues"][0]["kind"], "single_item", "{q}");
    assert_eq!(q["taxed_in_full"], false);
    sqlx::query(
        "UPDATE products SET duty_bp = 1000 WHERE id = (SELECT product_id FROM variants WHERE sku = 'AL-500G')",
    )
    .execute(&shop.state.db)
    .await
    .expect("duty");
    let (_, q) = quote(one.clone()).await;
    assert_eq!(q["issues"], json!([]), "{q}");
    assert_eq!(q["taxed_in_full"], true);
    let fen = |v: &Value| v["amount"].as_i64().unwrap_or(-1);
    let dutiable = fen(&q["goods"]) + fen(&q["freight"]);
    assert!(dutiable > 500_000, "{q}");
    // Duty 10%, then VAT: the class of the almonds (vat9, 9%) on value + duty.
    let duty = (dutiable + 5) / 10;
    let vat = ((dutiable + duty) * 9 + 50) / 100;
    assert_eq!(fen(&q["tax"]), duty + vat, "{q}");
    // Two of them, or with something else: it must come alone.
    for lines in [
        json!([{"sku": "AL-500G", "qty": 2}]),
        json!([{"sku": "AL-500G", "qty": 1}, {"sku": "SS-1KG", "qty": 1}]),
    ] {
        let (_, q) = quote(lines).await;
        assert_eq!(q["issues"][0]["kind"], "buy_alone", "{q}");
    }
    // Alone, it is ordered and paid, its total over 5,000 yuan.
    let body = json!({"lines": one, "address": address(), "identity": identity()});
    let (status, o) = shop
        .post("/api/orders", &body, Some("single-item-key-01"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{o}");
    assert_eq!(o["quote"]["taxed_in_full"], true);
    assert!(fen(&o["quote"]["total"]) > 500_000);
    let id = o["id"].as_str().expect("id");
    let (status, start) = shop.pay(id, "alipay", "single-item-pay-01").await;
    assert_eq!(status, StatusCode::OK, "{start}");
    shop.choose(start["payment_id"].as_str().expect("payment"), "succeeded")
        .await;
    let (_, paid) = shop.get(&format!("/api/orders/{id}")).await;
    assert_eq!(paid["status"], "paid");
}
