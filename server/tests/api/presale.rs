//! A pre-sale (预售): produce out of its season sold ahead of the harvest,
//! paid now and shipped in its window. The window is the product's until an
//! order takes it; the order keeps its own. Customs and the seller's list
//! wait for the window; a pre-sale the seller cannot fill is refunded.
//! Month-independent: the season is made from today's date.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::common::{address, identity, made_up_id, Shop};
use crate::seller_api::{call, owner_of};

const SELLER: &str = "cascade-orchards";
const OWNER: &str = "owner@cascade-orchards.example";

/// A month `ahead` months after this one (1-12), and its year.
fn month_ahead(shop: &Shop, ahead: u8) -> (i32, u8) {
    let (year, month) = shop.state.clock.year_month_in_china();
    let n = i32::from(month) - 1 + i32::from(ahead);
    (year + n / 12, (n % 12 + 1) as u8)
}

/// Imports and publishes two cherries of a season that opens in two months:
/// one on pre-sale in `window`, one not; and an all-year syrup.
async fn import(shop: &Shop, window: &str) {
    let (_, from) = month_ahead(shop, 2);
    let (_, to) = month_ahead(shop, 3);
    let csv = format!(
        "slug,category,name_zh,name_en,description_zh,description_en,origin_state,tax_class,channel,season,sku,variant_zh,variant_en,price_usd,stock,presale
presale-cherries,fruit,预售雷尼尔樱桃,Rainier Cherries Pre-sale,今年第一批。,This year's first pick.,WA,vat9,cold_chain,{from}-{to},PC-2KG,2 公斤装,2 kg box,59.00,100,{window}
later-cherries,fruit,宾莹樱桃,Bing Cherries,产季发货。,Ships in season.,WA,vat9,cold_chain,{from}-{to},LC-2KG,2 公斤装,2 kg box,49.00,100,
cider-syrup,sweeteners,苹果糖浆,Apple Cider Syrup,自家苹果熬制。,From our own apples.,WA,general,direct_mail,,CS-250,250 毫升,250 ml,14.99,25,
"
    );
    haitao_server::catalog::import::import_text(&shop.state.db, SELLER, &csv, "csv")
        .await
        .expect("import");
    haitao_server::catalog::publish::publish(&shop.state.db, SELLER, None)
        .await
        .expect("publish");
    shop.reindex().await;
}

/// The window `import` sells in: the first ten days of the season.
fn window(shop: &Shop) -> (String, String) {
    let (year, month) = month_ahead(shop, 2);
    (
        format!("{year:04}-{month:02}-01"),
        format!("{year:04}-{month:02}-10"),
    )
}

/// Buyer `n`'s order of `lines`, paid unless `pay` is false; the order.
async fn order(shop: &Shop, n: u32, lines: Value, pay: bool) -> Value {
    let mut a = address();
    a["mobile"] = json!(format!("1390000{n:04}"));
    let body = json!({
        "lines": lines,
        "address": a,
        "identity": {"name": "张三", "id_number": made_up_id(n)},
    });
    let (status, o) = shop
        .post("/api/orders", &body, Some(&format!("presale-order-{n:04}")))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{o}");
    if pay {
        let id = o["id"].as_str().expect("id");
        let (_, start) = shop.pay(id, "alipay", &format!("presale-pay-{n:04}")).await;
        let paid = shop
            .choose(start["payment_id"].as_str().expect("payment"), "succeeded")
            .await;
        assert_eq!(paid, StatusCode::SEE_OTHER);
    }
    o
}

#[tokio::test]
async fn a_presale_sells_ahead_of_its_season_and_keeps_its_window_with_the_order() {
    let shop = Shop::unthrottled().await;
    let (from, to) = window(&shop);
    import(&shop, &format!("{from}..{to}")).await;
    let window = json!({"from": from, "to": to});

    // The page and the listing say it ships in the window, and sell it; the
    // same season without a window is not sold.
    let (status, p) = shop.get("/api/products/presale-cherries").await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(p["presale"], window, "{p}");
    assert!(p.get("opens").is_none(), "on pre-sale, not waiting: {p}");
    let (_, later) = shop.get("/api/products/later-cherries").await;
    assert!(
        later.get("presale").is_none() && later["opens"].is_object(),
        "{later}"
    );
    let (_, list) = shop.get("/api/products?category=fruit&per_page=60").await;
    let card = |slug: &str| {
        list["items"]
            .as_array()
            .and_then(|cards| cards.iter().find(|c| c["slug"] == slug).cloned())
            .unwrap_or_else(|| panic!("{slug} listed: {list}"))
    };
    assert_eq!(card("presale-cherries")["presale"], window);
    assert!(card("presale-cherries").get("out_of_season").is_none());
    assert_eq!(card("later-cherries")["out_of_season"], true);

    let (status, q) = shop
        .post(
            "/api/quote",
            &json!({"lines": [{"sku": "PC-2KG", "qty": 1}]}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{q}");
    assert_eq!(q["lines"][0]["ships"], window);
    let (status, err) = shop
        .post(
            "/api/quote",
            &json!({"lines": [{"sku": "LC-2KG", "qty": 1}]}),
            None,
        )
        .await;
    assert_eq!(
        (status, &err["error"]["code"]),
        (StatusCode::CONFLICT, &json!("out_of_season"))
    );

    // One order, one promise: a pre-sale is not ordered with goods that ship
    // now. The cart's quote shows both (it says which to order apart).
    let mixed = json!([{"sku": "PC-2KG", "qty": 1}, {"sku": "CS-250", "qty": 1}]);
    let (status, q) = shop
        .post("/api/quote", &json!({"lines": mixed}), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{q}");
    let body = json!({"lines": mixed, "address": address(), "identity": identity()});
    let (status, err) = shop
        .post("/api/orders", &body, Some("presale-mixed-0001"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["code"], "presale_mixed");
    assert_eq!(err["error"]["field"], "lines");

    // Paid now; the order keeps the window it was sold with, whatever the
    // product becomes.
    let o = order(&shop, 1, json!([{"sku": "PC-2KG", "qty": 2}]), true).await;
    let id = o["id"].as_str().expect("id").to_owned();
    assert_eq!(o["quote"]["lines"][0]["ships"], window);
    let (y, m) = month_ahead(&shop, 2);
    import(&shop, &format!("{y:04}-{m:02}-05..{y:04}-{m:02}-20")).await;
    let (_, p) = shop.get("/api/products/presale-cherries").await;
    assert_eq!(p["presale"]["from"], format!("{y:04}-{m:02}-05"));
    let (status, mine) = shop.get(&format!("/api/orders/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(mine["status"], "paid");
    assert_eq!(mine["quote"]["lines"][0]["ships"], window);

    // The seller sees it with its window, after what is due now, and not in
    // what is to pack today.
    let owner = owner_of(&shop, SELLER, OWNER).await;
    let syrup = order(&shop, 2, json!([{"sku": "CS-250", "qty": 1}]), true).await;
    let (status, list, _) = call(
        &shop,
        "GET",
        "/api/seller/shipments?status=to_ship",
        Some(&owner),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let listed: Vec<&Value> = list["shipments"]
        .as_array()
        .expect("shipments")
        .iter()
        .collect();
    assert_eq!(listed.len(), 2, "{list}");
    assert_eq!(
        (&listed[0]["order_id"], listed[0].get("ships")),
        (&syrup["id"], None)
    );
    assert_eq!(
        (&listed[1]["order_id"], &listed[1]["ships"]),
        (&json!(id), &window)
    );
    assert_eq!(
        list["to_pack"], 1,
        "the pre-sale is not to pack before its window"
    );

    // Customs is told when the goods are about to leave: not before the
    // window, on its first day.
    let dir = tempfile::tempdir().expect("dir");
    let first = shop.declare(dir.path()).await;
    assert_eq!(
        first.written.len(),
        1,
        "only the syrup: {:?}",
        first.written
    );
    let days = {
        let start = time::Date::parse(
            &from,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .expect("date");
        let today = shop
            .state
            .clock
            .now()
            .to_offset(time::macros::offset!(+8))
            .date();
        (start - today).whole_days()
    };
    shop.state.clock.advance(std::time::Duration::from_secs(
        (days.max(0) as u64) * 86_400,
    ));
    let then = shop.declare(dir.path()).await;
    assert_eq!(
        then.written.len(),
        1,
        "the pre-sale on its window's first day: {then:?}"
    );
    // (Months on, the seller signs in again.)
    let owner = crate::seller_api::sign_in(&shop, OWNER).await;
    let (_, list, _) = call(
        &shop,
        "GET",
        "/api/seller/shipments?status=to_ship",
        Some(&owner),
        None,
    )
    .await;
    assert_eq!(list["to_pack"], 2, "{list}");
    // The order went by its own window; the product's (moved to the 5th
    // by the seller) is still ahead, and five days on it is not.
    let (_, p) = shop.get("/api/products/presale-cherries").await;
    assert_eq!(p["presale"]["from"], format!("{y:04}-{m:02}-05"), "{p}");
    shop.state
        .clock
        .advance(std::time::Duration::from_secs(4 * 86_400));
    let (_, p) = shop.get("/api/products/presale-cherries").await;
    assert!(
        p.get("presale").is_none() && p.get("opens").is_none(),
        "in season now: {p}"
    );
}

/// The pre-sale of `presale-cherries` ended unfilled (by `seller`, or the
/// operator), as a serving process does it.
async fn end(
    shop: &Shop,
    seller: Option<i64>,
) -> haitao_server::infra::error::ApiResult<haitao_server::orders::presale::Unfilled> {
    let st = &shop.state;
    haitao_server::orders::presale::unfilled(
        &st.db,
        &st.clock,
        st.payments.as_ref(),
        Some(st.listing()),
        "presale-cherries",
        seller,
    )
    .await
}

#[tokio::test]
async fn a_presale_the_seller_cannot_fill_is_refunded_in_full_and_each_buyer_told() {
    let shop = Shop::unthrottled().await;
    let st = &shop.state;
    let (from, to) = window(&shop);
    import(&shop, &format!("{from}..{to}")).await;
    let a = order(&shop, 11, json!([{"sku": "PC-2KG", "qty": 2}]), true).await;
    let b = order(&shop, 12, json!([{"sku": "PC-2KG", "qty": 1}]), true).await;
    let unpaid = order(&shop, 13, json!([{"sku": "PC-2KG", "qty": 1}]), false).await;
    let syrup = order(&shop, 14, json!([{"sku": "CS-250", "qty": 1}]), true).await;
    assert_eq!(shop.stock("PC-2KG").await, 96);

    let done = end(&shop, None).await.expect("ended");
    let ids = |v: &[&Value]| -> Vec<String> {
        v.iter()
            .map(|o| o["id"].as_str().expect("id").to_owned())
            .collect()
    };
    let mut refunded: Vec<String> = done.refunded.iter().map(|(o, _)| o.clone()).collect();
    refunded.sort();
    let mut expected = ids(&[&a, &b]);
    expected.sort();
    assert_eq!(refunded, expected);
    assert_eq!(done.closed, ids(&[&unpaid]));
    assert!(done.kept.is_empty(), "{:?}", done.kept);

    for o in [&a, &b] {
        let id = o["id"].as_str().expect("id");
        let (_, now) = shop.get(&format!("/api/orders/{id}")).await;
        assert_eq!(now["status"], "cancelled", "{now}");
        assert_eq!(now["cancel_reason"], "presale_unfilled");
        assert_eq!(now["refunds"][0]["reason"], "presale_unfilled");
        assert_eq!(
            now["refunds"][0]["amount"], now["quote"]["total"],
            "in full"
        );
    }
    let (_, closed) = shop
        .get(&format!(
            "/api/orders/{}",
            unpaid["id"].as_str().expect("id")
        ))
        .await;
    assert_eq!(
        (&closed["status"], &closed["cancel_reason"]),
        (&json!("cancelled"), &json!("presale_unfilled"))
    );
    let (_, other) = shop
        .get(&format!(
            "/api/orders/{}",
            syrup["id"].as_str().expect("id")
        ))
        .await;
    assert_eq!(other["status"], "paid", "another product's order stays");

    // Nothing more of it is sold, and the units of the closed orders are not
    // put back on sale.
    assert_eq!(shop.stock("PC-2KG").await, 0);
    let (_, p) = shop.get("/api/products/presale-cherries").await;
    assert_eq!(p["variants"][0]["stock"], 0, "{p}");

    // Each paid buyer is told once, at the delivery mobile; the unpaid one
    // had paid nothing.
    haitao_server::sms::notices::send_due(&st.db, &st.clock, st.sms.as_ref())
        .await
        .expect("sent");
    let sms = st.dev_sms.as_ref().expect("development SMS");
    for (phone, told) in [("13900000011", 1), ("13900000012", 1), ("13900000013", 0)] {
        let unfilled = sms
            .messages(phone)
            .iter()
            .filter(|m| m.text.contains("无法履约您的预售订单"))
            .count();
        assert_eq!(unfilled, told, "{phone}");
    }

    // Again: nothing left to do.
    let again = end(&shop, None).await.expect("again");
    assert!(again.refunded.is_empty() && again.closed.is_empty());
    // Another seller's product is not theirs to end.
    let theirs = end(&shop, Some(-1)).await;
    assert!(theirs.is_err());
}

#[tokio::test]
async fn the_seller_ends_their_own_presale_from_the_seller_centre() {
    let shop = Shop::unthrottled().await;
    let (from, to) = window(&shop);
    import(&shop, &format!("{from}..{to}")).await;
    let paid = order(&shop, 21, json!([{"sku": "PC-2KG", "qty": 1}]), true).await;
    let owner = owner_of(&shop, SELLER, OWNER).await;
    // The catalog shows the window, where the seller can end it.
    let (status, list, _) = call(&shop, "GET", "/api/seller/products", Some(&owner), None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let presale = list
        .as_array()
        .and_then(|l| l.iter().find(|p| p["slug"] == "presale-cherries"))
        .expect("listed");
    assert_eq!(presale["presale"], json!({"from": from, "to": to}));
    // Another seller cannot, nor can a product without a pre-sale be ended.
    let other = owner_of(&shop, "golden-valley-nuts", "nuts@golden-valley.example").await;
    let end = |who: String, slug: &'static str| {
        let uri = format!("/api/seller/products/{slug}/presale-unfilled");
        let shop = &shop;
        async move { call(shop, "POST", &uri, Some(&who), None).await }
    };
    let (status, _, _) = end(other, "presale-cherries").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = end(owner.clone(), "cider-syrup").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, done, _) = end(owner, "presale-cherries").await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done, json!({"closed": 0, "refunded": 1, "kept": 0}));
    let (_, now) = shop
        .get(&format!("/api/orders/{}", paid["id"].as_str().expect("id")))
        .await;
    assert_eq!(now["cancel_reason"], "presale_unfilled");
    // The listing follows at once: nothing left to buy.
    let (_, p) = shop.get("/api/products/presale-cherries").await;
    assert_eq!(p["variants"][0]["stock"], 0);
}
