//! Orders to ship: a paid order reaches each of its sellers as a shipment of
//! that seller's lines; the seller sends it in parcels (carrier, waybill);
//! the order is shipped when every unit has left, and the shopper's order
//! shows each parcel.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};

use crate::common::{address, call_with, identity, Shop};
use crate::seller_api::{call, owner_of};

pub(crate) const NUTS: &str = "nuts@golden-valley.example";
pub(crate) const BEES: &str = "hives@prairie-bee.example";

/// An order of almonds (golden-valley-nuts, 3) and honey (prairie-bee, 1), paid.
pub(crate) async fn paid_order(shop: &Shop, key: &str) -> String {
    let body = json!({
        "lines": [{"sku": "AL-500G", "qty": 3}, {"sku": "HO-500G", "qty": 1}],
        "address": address(),
        "identity": identity(),
    });
    let (status, order) = shop.post("/api/orders", &body, Some(key)).await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    let id = order["id"].as_str().expect("id").to_owned();
    let (_, start) = shop.pay(&id, "wechat", &format!("{key}-pay")).await;
    shop.choose(start["payment_id"].as_str().expect("payment"), "succeeded")
        .await;
    id
}

/// The id of the first shipment in a seller's list (`query`: `?status=…` or "").
async fn first_shipment(shop: &Shop, cookie: &str, query: &str) -> i64 {
    let uri = format!("/api/seller/shipments{query}");
    let (status, list, _) = call(shop, "GET", &uri, Some(cookie), None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list["shipments"][0]["id"].as_i64().expect("a shipment")
}

/// Sends a parcel with an Idempotency-Key.
async fn ship(
    shop: &Shop,
    cookie: &str,
    shipment: i64,
    key: &str,
    body: Value,
) -> (StatusCode, Value) {
    let uri = format!("/api/seller/shipments/{shipment}/parcels");
    let headers = [("cookie", cookie), ("idempotency-key", key)];
    let (status, answer, _) = call_with(shop, "POST", &uri, None, Some(body), &headers).await;
    (status, answer)
}

#[tokio::test]
async fn each_seller_ships_its_own_lines_and_the_order_ships_with_the_last_parcel() {
    let shop = Shop::new().await;
    let nuts = owner_of(&shop, "golden-valley-nuts", NUTS).await;
    let bees = owner_of(&shop, "prairie-bee", BEES).await;
    let order = paid_order(&shop, "ship-order-0001").await;

    // Each seller sees one shipment to pack: its own lines only.
    let (status, list, _) = call(
        &shop,
        "GET",
        "/api/seller/shipments?status=to_ship",
        Some(&nuts),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["to_pack"], 1);
    assert_eq!(list["shipments"][0]["order_id"], order.as_str());
    assert_eq!(
        (
            list["shipments"][0]["units"].as_i64(),
            list["shipments"][0]["sent"].as_i64()
        ),
        (Some(3), Some(0))
    );
    let nuts_shipment = list["shipments"][0]["id"].as_i64().expect("id");
    let (_, detail, _) = call(
        &shop,
        "GET",
        &format!("/api/seller/shipments/{nuts_shipment}"),
        Some(&nuts),
        None,
    )
    .await;
    let skus: Vec<&str> = detail["lines"]
        .as_array()
        .map(|l| l.iter().filter_map(|x| x["sku"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(skus, ["AL-500G"], "{detail}");
    assert_eq!(
        detail["lines"][0]["name"]["en"], "Dry-Roasted California Almonds",
        "{detail}"
    );
    // The recipient, as the label needs it, whole (the buyer agreed to its
    // going abroad); the ID number never.
    assert_eq!(detail["recipient"]["name"], address()["recipient"]);
    assert_eq!(detail["recipient"]["mobile"], address()["mobile"]);
    assert!(
        !detail.to_string().contains("110101"),
        "no ID number: {detail}"
    );
    // Each unit its own authenticity code, kept for the check page.
    let codes: Vec<&str> = detail["lines"][0]["codes"]
        .as_array()
        .map(|c| c.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert_eq!(codes.len(), 3, "{detail}");
    assert!(
        codes
            .iter()
            .all(|c| c.len() == 11 && c.as_bytes()[5] == b'-'),
        "{codes:?}"
    );
    assert!(codes[0] != codes[1] && codes[1] != codes[2] && codes[0] != codes[2]);
    let (kept,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM authenticity_codes WHERE order_id = $1")
            .bind(&order)
            .fetch_one(&shop.state.db)
            .await
            .expect("codes");
    assert_eq!(kept, 3);
    // Each code's QR picture, for the seller whose unit it is only.
    let picture = format!("/api/seller/authenticity/{}.svg", codes[0]);
    let res = shop
        .raw(
            axum::http::Request::get(picture.as_str())
                .header("host", "shop.test")
                .header("cookie", &nuts)
                .body(axum::body::Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    let svg = http_body_util::BodyExt::collect(res.into_body())
        .await
        .expect("body")
        .to_bytes();
    assert!(svg.starts_with(b"<?xml") && svg.windows(4).any(|w| w == b"<svg"));
    let (status, _, _) = call(&shop, "GET", &picture, Some(&bees), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another seller's unit");
    let (views,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM recipient_views WHERE shipment_id = $1")
            .bind(nuts_shipment)
            .fetch_one(&shop.state.db)
            .await
            .expect("views");
    assert_eq!(views, 1, "the showing is recorded");

    // Another seller's shipment is not there for it.
    let (_, bee_list, _) = call(&shop, "GET", "/api/seller/shipments", Some(&bees), None).await;
    let bee_shipment = bee_list["shipments"][0]["id"].as_i64().expect("id");
    for path in [format!("/api/seller/shipments/{bee_shipment}")] {
        let (status, _, _) = call(&shop, "GET", &path, Some(&nuts), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, _) = ship(&shop, &nuts, bee_shipment, "steal-parcel-01", json!({"carrier": "ups", "waybill": "1Z999AA10123456784", "lines": [{"sku": "HO-500G", "qty": 1}]})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Refusals: a carrier nobody knows, a waybill of the wrong form, a line
    // not in the shipment or more than is left, no key.
    let refusals = [
        (
            json!({"carrier": "pigeon", "waybill": "12345678", "lines": [{"sku": "AL-500G", "qty": 1}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_carrier",
        ),
        (
            json!({"carrier": "ems", "waybill": "EA000000001CN", "lines": [{"sku": "AL-500G", "qty": 1}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_waybill",
        ),
        (
            json!({"carrier": "ups", "waybill": "1Z999AA10123456784", "lines": [{"sku": "HO-500G", "qty": 1}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_parcel",
        ),
        (
            json!({"carrier": "ups", "waybill": "1Z999AA10123456784", "lines": [{"sku": "AL-500G", "qty": 4}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_parcel",
        ),
    ];
    for (i, (body, want, code)) in refusals.into_iter().enumerate() {
        let (status, answer) = ship(
            &shop,
            &nuts,
            nuts_shipment,
            &format!("refused-key-{i:04}"),
            body,
        )
        .await;
        assert_eq!(
            (status, answer["error"]["code"].as_str()),
            (want, Some(code)),
            "{answer}"
        );
    }
    let (status, answer) = ship(&shop, &nuts, nuts_shipment, "", json!({"carrier": "ups", "waybill": "1Z999AA10123456784", "lines": [{"sku": "AL-500G", "qty": 1}]})).await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("idempotency_key_missing"))
    );

    // Two parcels of almonds: the first retried is the same parcel.
    let first = json!({"carrier": "ups", "waybill": "1Z 999 AA1 01 2345 6784", "lines": [{"sku": "AL-500G", "qty": 2}]});
    let (status, p1) = ship(
        &shop,
        &nuts,
        nuts_shipment,
        "nuts-parcel-0001",
        first.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{p1}");
    assert_eq!(p1["waybill"], "1Z999AA10123456784");
    let (status, again) = ship(&shop, &nuts, nuts_shipment, "nuts-parcel-0001", first).await;
    assert_eq!(
        (status, &again["id"]),
        (StatusCode::OK, &p1["id"]),
        "a retry makes no second parcel"
    );
    // The same key for another parcel: refused, not answered with the first.
    let (status, answer) = ship(
        &shop,
        &nuts,
        nuts_shipment,
        "nuts-parcel-0001",
        json!({"carrier": "ups", "waybill": "1Z999AA10123456799", "lines": [{"sku": "AL-500G", "qty": 2}]}),
    )
    .await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("idempotency_key_reused")
        )
    );
    // The same waybill for another parcel: refused.
    let (status, answer) = ship(&shop, &nuts, nuts_shipment, "nuts-parcel-0002", json!({"carrier": "ups", "waybill": "1Z999AA10123456784", "lines": [{"sku": "AL-500G", "qty": 1}]})).await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("waybill_taken"))
    );
    let (_, order_now) = shop.get(&format!("/api/orders/{order}")).await;
    assert_eq!(order_now["status"], "paid", "partly shipped is not shipped");
    let (status, _) = ship(&shop, &nuts, nuts_shipment, "nuts-parcel-0003", json!({"carrier": "ems", "waybill": "EA000000005CN", "lines": [{"sku": "AL-500G", "qty": 1}]})).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, list, _) = call(
        &shop,
        "GET",
        "/api/seller/shipments?status=shipped",
        Some(&nuts),
        None,
    )
    .await;
    assert_eq!(
        (
            list["shipments"][0]["status"].as_str(),
            list["to_pack"].as_i64(),
            list["shipped_this_week"].as_i64()
        ),
        (Some("shipped"), Some(0), Some(1))
    );
    let (_, order_now) = shop.get(&format!("/api/orders/{order}")).await;
    assert_eq!(order_now["status"], "paid", "the honey has not left yet");

    // The honey leaves: the order is shipped, and the shopper sees every parcel.
    let (status, _) = ship(&shop, &bees, bee_shipment, "bees-parcel-0001", json!({"carrier": "usps", "waybill": "9400111899223100001234", "lines": [{"sku": "HO-500G", "qty": 1}]})).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, order_now) = shop.get(&format!("/api/orders/{order}")).await;
    assert_eq!(order_now["status"], "shipped", "{order_now}");
    let waybills: Vec<&str> = order_now["parcels"]
        .as_array()
        .map(|p| p.iter().filter_map(|x| x["waybill"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        waybills,
        [
            "1Z999AA10123456784",
            "EA000000005CN",
            "9400111899223100001234"
        ]
    );
    assert_eq!(order_now["parcels"][1]["carrier"], "ems");
    // The shopper is told, once, at the delivery mobile.
    let st = &shop.state;
    haitao_server::sms::notices::send_due(&st.db, &st.clock, st.sms.as_ref())
        .await
        .expect("sent");
    let told = st
        .dev_sms
        .as_ref()
        .expect("development SMS")
        .messages("13800138000");
    let shipped: Vec<_> = told
        .iter()
        .filter(|m| m.text.contains("已全部发货"))
        .collect();
    assert_eq!(shipped.len(), 1, "{told:?}");
    assert!(shipped[0].text.contains("has shipped"));

    // The month's statement: the order, the seller's lines only, its net.
    let (year, month) = shop.state.clock.year_month_in_china();
    let req = Request::get(format!("/api/seller/statement?month={year}-{month:02}"))
        .header("host", "shop.test")
        .header("cookie", &nuts)
        .body(Body::empty())
        .expect("req");
    let res = shop.raw(req).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap_or("")
        .contains("statement-golden-valley-nuts-"));
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    let csv = String::from_utf8_lossy(&bytes).into_owned();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(
        rows[0].starts_with("order,paid_at,lines,goods_usd"),
        "{csv}"
    );
    assert!(
        rows[1].starts_with(&order) && rows[1].contains("AL-500G x3"),
        "{csv}"
    );
    assert!(!rows[1].contains("HO-500G"), "another seller's line: {csv}");
    let net = rows[1].rsplit(',').next().unwrap_or("");
    assert!(net.parse::<f64>().is_ok_and(|n| n > 0.0), "{csv}");
    let (status, _, _) = call(
        &shop,
        "GET",
        "/api/seller/statement?month=2026-13",
        Some(&nuts),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_recipient_is_shown_only_to_those_who_may_see_it() {
    let shop = Shop::new().await;
    let nuts = owner_of(&shop, "golden-valley-nuts", NUTS).await;
    let order = paid_order(&shop, "ship-order-0002").await;
    let id = first_shipment(&shop, &nuts, "").await;
    // Without the buyer's consent to their details going abroad: hidden.
    sqlx::query("DELETE FROM consents WHERE order_id = $1 AND document = 'consent-abroad'")
        .bind(&order)
        .execute(&shop.state.db)
        .await
        .expect("consent gone");
    let (_, detail, _) = call(
        &shop,
        "GET",
        &format!("/api/seller/shipments/{id}"),
        Some(&nuts),
        None,
    )
    .await;
    assert_eq!(detail["recipient"], Value::Null, "{detail}");
    assert_eq!(
        detail["lines"][0]["qty"], 3,
        "the lines are still there to pack"
    );
    // A cancelled (refunded) order is nobody's to ship.
    sqlx::query("UPDATE orders SET status = 'cancelled' WHERE id = $1")
        .bind(&order)
        .execute(&shop.state.db)
        .await
        .expect("cancelled");
    let (_, list, _) = call(&shop, "GET", "/api/seller/shipments", Some(&nuts), None).await;
    assert_eq!(
        list["shipments"].as_array().map(Vec::len),
        Some(0),
        "{list}"
    );
    let (status, _, _) = call(
        &shop,
        "GET",
        &format!("/api/seller/shipments/{id}"),
        Some(&nuts),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Signed out: 401.
    let (status, _, _) = call(&shop, "GET", "/api/seller/shipments", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sellers_are_mailed_a_paid_order_and_a_daily_digest_as_they_chose() {
    use haitao_server::sellers::mail;
    let shop = Shop::new().await;
    let nuts = owner_of(&shop, "golden-valley-nuts", NUTS).await;
    let st = &shop.state;
    let send = || async {
        mail::send_due(&st.db, &st.clock, st.mailer.as_ref(), "http://shop.test")
            .await
            .expect("sent")
    };
    let latest = || async {
        crate::seller_api::mails(&shop, NUTS)
            .await
            .last()
            .cloned()
            .unwrap_or_default()
    };
    let order = paid_order(&shop, "mail-order-0001").await;
    assert_eq!(send().await, 1);
    let m = latest().await;
    assert!(m["subject"].as_str().unwrap_or("").contains(&order), "{m}");
    assert!(
        m["text"].as_str().unwrap_or("").contains("3 unit(s)"),
        "{m}"
    );
    assert!(
        m["text"]
            .as_str()
            .unwrap_or("")
            .contains("http://shop.test/seller"),
        "{m}"
    );

    // In Chinese, as the user chose.
    let (status, me, _) = call(
        &shop,
        "PATCH",
        "/api/seller/me",
        Some(&nuts),
        Some(json!({ "lang": "zh-CN" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["prefs"], json!({ "lang": "zh-CN", "mail_orders": true }));
    paid_order(&shop, "mail-order-0002").await;
    send().await;
    assert!(latest().await["subject"]
        .as_str()
        .unwrap_or("")
        .starts_with("新订单"));

    // One digest a day, from eight in China, of what is still to ship.
    call(
        &shop,
        "PATCH",
        "/api/seller/me",
        Some(&nuts),
        Some(json!({ "lang": "en-US" })),
    )
    .await;
    let hour = st.clock.now().to_offset(time::macros::offset!(+8)).hour();
    if hour < 8 {
        st.clock
            .advance(std::time::Duration::from_secs(u64::from(8 - hour) * 3600));
    }
    assert_eq!(
        mail::queue_digests(&st.db, &st.clock)
            .await
            .expect("digests"),
        1
    );
    assert_eq!(
        mail::queue_digests(&st.db, &st.clock)
            .await
            .expect("digests"),
        0,
        "once a day"
    );
    assert_eq!(send().await, 1);
    let digest = latest().await;
    assert!(
        digest["subject"]
            .as_str()
            .unwrap_or("")
            .contains("2 shipment(s) still to ship"),
        "{digest}"
    );

    // Switched off: no mail for the next order, no digest the next day.
    call(
        &shop,
        "PATCH",
        "/api/seller/me",
        Some(&nuts),
        Some(json!({ "mail_orders": false })),
    )
    .await;
    let before = crate::seller_api::mails(&shop, NUTS).await.len();
    paid_order(&shop, "mail-order-0003").await;
    assert_eq!(send().await, 0);
    st.clock.advance(std::time::Duration::from_secs(24 * 3600));
    assert_eq!(
        mail::queue_digests(&st.db, &st.clock)
            .await
            .expect("digests"),
        0
    );
    assert_eq!(send().await, 0);
    assert_eq!(crate::seller_api::mails(&shop, NUTS).await.len(), before);
}

#[tokio::test]
async fn a_refund_after_a_partial_shipment_restocks_only_what_did_not_leave() {
    let shop = Shop::new().await;
    let nuts = owner_of(&shop, "golden-valley-nuts", NUTS).await;
    let order = paid_order(&shop, "restock-order-01").await;
    let id = first_shipment(&shop, &nuts, "").await;
    let (status, _) = ship(
        &shop,
        &nuts,
        id,
        "restock-parcel-1",
        json!({"carrier": "fedex", "waybill": "123456789012", "lines": [{"sku": "AL-500G", "qty": 2}]}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let before = shop.stock("AL-500G").await;
    let st = &shop.state;
    haitao_server::orders::refunds::refund_order(&st.db, &st.clock, st.payments.as_ref(), &order)
        .await
        .expect("refunded");
    assert_eq!(
        shop.stock("AL-500G").await,
        before + 1,
        "the two that left do not come back"
    );
}

#[tokio::test]
async fn a_recipient_is_hidden_ninety_days_after_the_last_unit_left() {
    let shop = Shop::new().await;
    let nuts = owner_of(&shop, "golden-valley-nuts", NUTS).await;
    paid_order(&shop, "window-order-01").await;
    let id = first_shipment(&shop, &nuts, "").await;
    let (status, _) = ship(
        &shop,
        &nuts,
        id,
        "window-parcel-01",
        json!({"carrier": "dhl_express", "waybill": "1234567890", "lines": [{"sku": "AL-500G", "qty": 3}]}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    // Sessions last thirty days: a seller back after longer signs in again.
    let recipient = || async {
        let fresh = crate::seller_api::sign_in(&shop, NUTS).await;
        let uri = format!("/api/seller/shipments/{id}");
        let (status, d, _) = call(&shop, "GET", &uri, Some(&fresh), None).await;
        assert_eq!(status, StatusCode::OK, "{d}");
        d["recipient"].clone()
    };
    let clock = &shop.state.clock;
    clock.advance(std::time::Duration::from_secs(89 * 86_400));
    assert_ne!(
        recipient().await,
        Value::Null,
        "still shown within the 90 days"
    );
    clock.advance(std::time::Duration::from_secs(2 * 86_400));
    assert_eq!(recipient().await, Value::Null, "hidden after them");
}

/// Ships every line of `order`: the almonds by UPS, the honey by USPS.
pub(crate) async fn ship_all(shop: &Shop, nuts: &str, bees: &str, n: u32) {
    for (cookie, sku, qty, carrier, waybill) in [
        (nuts, "AL-500G", 3, "ups", format!("1Z999AA1012345678{n}")),
        (
            bees,
            "HO-500G",
            1,
            "usps",
            format!("940011189922310000123{n}"),
        ),
    ] {
        let id = first_shipment(shop, cookie, "?status=to_ship").await;
        let (status, parcel) = ship(
            shop,
            cookie,
            id,
            &format!("waybills-{n}-{sku}"),
            json!({"carrier": carrier, "waybill": waybill, "lines": [{"sku": sku, "qty": qty}]}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{parcel}");
    }
}

#[tokio::test]
async fn a_shipped_orders_waybills_are_written_for_customs_once() {
    use haitao_server::customs::logistics::Logistics;
    use haitao_server::customs::Parties;
    use haitao_server::infra::mode::Mode;
    use haitao_server::orders::waybills::export as export_waybills;
    let shop = Shop::new().await;
    let st = &shop.state;
    let nuts = owner_of(&shop, "golden-valley-nuts", NUTS).await;
    let bees = owner_of(&shop, "prairie-bee", BEES).await;
    let dir = tempfile::tempdir().expect("dir");
    let parties = Parties::from_env(Mode::Development, |_| None).expect("parties");
    let dev = Logistics::from_env(Mode::Development, |_| None).expect("logistics");
    let write = |logistics: Logistics| {
        let parties = parties.clone();
        let path = dir.path().to_owned();
        async move {
            export_waybills(&st.db, &st.clock, &parties, &logistics, None, &path)
                .await
                .expect("export")
        }
    };

    let order = paid_order(&shop, "waybills-order-1").await;
    assert!(
        write(dev.clone()).await.written.is_empty(),
        "not shipped yet"
    );
    ship_all(&shop, &nuts, &bees, 4).await;
    let done = write(dev.clone()).await;
    assert_eq!(done.written.len(), 1, "{:?}", done.failed);
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(&done.written[0]).expect("file"))
            .expect("json");
    assert_eq!(doc["orderNo"], order.as_str());
    // The consignee as the order declaration has it: the waybill's must match.
    assert_eq!(doc["consignee"], address()["recipient"]);
    assert_eq!(doc["consigneeTelephone"], address()["mobile"]);
    assert_eq!(doc["consigneeAddress"], "上海市浦东新区世纪大道100号");
    let parcels = doc["parcels"].as_array().cloned().unwrap_or_default();
    assert_eq!(parcels.len(), 2, "{doc}");
    assert_eq!(parcels[0]["logisticsNo"], "1Z999AA10123456784");
    assert_eq!(
        parcels[0]["items"],
        json!([{ "itemNo": "AL-500G", "qty": 3 }])
    );
    assert!(parcels[0]["logisticsCode"]
        .as_str()
        .unwrap_or("")
        .starts_with("TEST"));
    assert_eq!(parcels[1]["logisticsNo"], "9400111899223100001234");
    assert!(write(dev.clone()).await.written.is_empty(), "written once");

    // Production has no test values: a carrier without its logistics
    // enterprise keeps the order back, and says which.
    let order = paid_order(&shop, "waybills-order-2").await;
    ship_all(&shop, &nuts, &bees, 5).await;
    let only_ups = Logistics::from_env(Mode::Production, |name| match name {
        "HAITAO_CUSTOMS_LOGISTICS_CODE_UPS" => Some("1105910159".into()),
        "HAITAO_CUSTOMS_LOGISTICS_NAME_UPS" => Some("优比速包裹运送（广东）有限公司".into()),
        _ => None,
    })
    .expect("logistics");
    let done = write(only_ups).await;
    assert!(done.written.is_empty());
    assert_eq!(done.failed.len(), 1);
    assert_eq!(done.failed[0].0, order);
    assert!(done.failed[0].1.contains("usps"), "{:?}", done.failed);
    // Not marked: written once the enterprise is set.
    assert_eq!(write(dev).await.written.len(), 1);
    // A code without its name is refused at once.
    assert!(Logistics::from_env(Mode::Production, |name| {
        (name == "HAITAO_CUSTOMS_LOGISTICS_CODE_EMS").then(|| "1105910159".into())
    })
    .is_err());
}

#[tokio::test]
async fn anyone_holding_the_parcel_checks_its_code_and_a_copied_one_is_flagged() {
    let shop = Shop::new().await;
    let nuts = owner_of(&shop, "golden-valley-nuts", NUTS).await;
    let bees = owner_of(&shop, "prairie-bee", BEES).await;
    let order = paid_order(&shop, "verify-order-1").await;
    ship_all(&shop, &nuts, &bees, 6).await;
    let id = first_shipment(&shop, &nuts, "").await;
    let (_, detail, _) = call(
        &shop,
        "GET",
        &format!("/api/seller/shipments/{id}"),
        Some(&nuts),
        None,
    )
    .await;
    let code = detail["lines"][0]["codes"][0]
        .as_str()
        .expect("a code")
        .to_owned();

    // As printed, or as typed on a phone: the same code.
    let check = |path: String, client: String| {
        let shop = &shop;
        async move {
            let mut req = Request::get(path.as_str())
                .header("host", "shop.test")
                .body(Body::empty())
                .expect("req");
            let peer: std::net::IpAddr = client.parse().expect("ip");
            req.extensions_mut()
                .insert(axum::extract::ConnectInfo(std::net::SocketAddr::new(
                    peer, 40000,
                )));
            let res = shop.raw(req).await;
            let status = res.status();
            let bytes = res.into_body().collect().await.expect("body").to_bytes();
            (
                status,
                serde_json::from_slice::<Value>(&bytes).unwrap_or(Value::Null),
            )
        }
    };
    let (status, page) = check(format!("/api/verify/{code}"), "203.0.113.1".into()).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["code"], code.as_str());
    assert_eq!(page["product"]["slug"], "roasted-almonds");
    assert_eq!(page["seller"]["slug"], "golden-valley-nuts");
    assert_eq!(page["province"], "上海市");
    assert_eq!(page["city"], "市辖区");
    assert!(page["shipped_at"].as_str().is_some(), "{page}");
    assert_eq!(page["checks"], 1);
    assert_eq!(page["flagged"], false);
    // Nothing of the buyer: no name, mobile, street, order.
    let text = page.to_string();
    for secret in ["张三", "13800138000", "世纪大道", order.as_str()] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let typed = code.replace('-', " ").to_lowercase();
    let (status, again) = check(
        format!("/api/verify/{}", typed.replace(' ', "%20")),
        "203.0.113.1".into(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["checks"], 2);
    assert_eq!(again["first_checked_at"], page["first_checked_at"]);

    // A wrong code says so.
    let (status, wrong) = check("/api/verify/ZZZZZ-ZZZZZ".into(), "203.0.113.1".into()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{wrong}");
    assert_eq!(wrong["error"]["field"], "code");

    // From many clients: flagged, to the shopper and in the operator's list.
    for n in 2..=haitao_server::orders::genuine::FLAG_CLIENTS {
        let (status, _) = check(format!("/api/verify/{code}"), format!("203.0.113.{n}")).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (_, last) = check(format!("/api/verify/{code}"), "203.0.113.1".into()).await;
    assert_eq!(last["flagged"], true, "{last}");
    let listed = haitao_server::orders::genuine::flagged(&shop.state.db)
        .await
        .expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].code, code);
    assert_eq!(
        listed[0].clients,
        haitao_server::orders::genuine::FLAG_CLIENTS
    );
}
