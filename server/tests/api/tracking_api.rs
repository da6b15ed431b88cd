//! After the parcel leaves: the carrier's events through a tracking
//! provider (development's script; Kuaidi100's pushes and query, against a
//! local fake), deliveries, the shopper's confirmation of receipt, and
//! orders that confirm themselves some days after delivery.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::common::{address, call_with, Shop, TEST_SECRET};
use crate::fakes::kuaidi100;
use crate::seller_api::owner_of;
use crate::shipments_api::{paid_order, ship_all, BEES, NUTS};

/// An order of two sellers' goods, shipped in two parcels (UPS, USPS).
async fn shipped_order(shop: &Shop, n: u32) -> String {
    let nuts = owner_of(shop, "golden-valley-nuts", NUTS).await;
    let bees = owner_of(shop, "prairie-bee", BEES).await;
    let order = paid_order(shop, &format!("tracking-order-{n}")).await;
    ship_all(shop, &nuts, &bees, n).await;
    order
}

async fn order(shop: &Shop, id: &str) -> Value {
    let (status, o) = shop.get(&format!("/api/orders/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{o}");
    o
}

async fn follow(shop: &Shop) {
    let st = &shop.state;
    haitao_server::tracking::follow(&st.db, &st.clock, st.tracking.as_ref()).await;
}

fn states(parcel: &Value) -> Vec<String> {
    parcel["events"]
        .as_array()
        .map(|e| {
            e.iter()
                .filter_map(|x| x["state"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn parcels_move_with_the_clock_to_delivered_and_the_shopper_confirms() {
    let shop = Shop::new().await;
    let id = shipped_order(&shop, 1).await;
    let o = order(&shop, &id).await;
    assert_eq!(o["status"], "shipped");
    assert!(o["steps"]["shipped_at"].is_string(), "{o}");
    // Receipt before the parcels have arrived is the shopper's to confirm,
    // and not before every parcel left (below, another order).
    follow(&shop).await;
    assert!(
        states(&order(&shop, &id).await["parcels"][0]).is_empty(),
        "nothing in the first hour"
    );

    // Development's parcels move a tracking hour per real minute: 41 of them.
    shop.state.clock.advance(Duration::from_secs(41 * 60));
    follow(&shop).await;
    let o = order(&shop, &id).await;
    let first = states(&o["parcels"][0]);
    assert_eq!(first.len(), 5, "{o}");
    assert_eq!(first[0], "customs", "newest first");
    assert_eq!(o["status"], "shipped");
    // Asking again adds nothing: each event once.
    follow(&shop).await;
    assert_eq!(states(&order(&shop, &id).await["parcels"][0]).len(), 5);

    // The rest of the way: both parcels signed for, the order delivered.
    shop.state.clock.advance(Duration::from_secs(60 * 60));
    follow(&shop).await;
    let o = order(&shop, &id).await;
    assert_eq!(o["status"], "delivered", "{o}");
    for p in o["parcels"].as_array().into_iter().flatten() {
        assert_eq!(states(p)[0], "delivered");
        assert!(p["delivered_at"].is_string());
    }
    assert!(o["steps"]["delivered_at"].is_string());
    assert!(o["steps"]["aftersales_until"].is_string());
    // The buyer is told at the delivery mobile.
    let st = &shop.state;
    haitao_server::sms::notices::send_due(&st.db, &st.clock, st.sms.as_ref())
        .await
        .expect("notices");
    let mobile = address()["mobile"].as_str().unwrap_or_default().to_owned();
    let texts: Vec<String> = st
        .dev_sms
        .as_ref()
        .map(|d| d.messages(&mobile).into_iter().map(|m| m.text).collect())
        .unwrap_or_default();
    assert!(texts.iter().any(|t| t.contains("已签收")), "{texts:?}");

    // The shopper confirms: complete; again, the same answer.
    let (status, o) = shop
        .post(&format!("/api/orders/{id}/receipt"), &json!({}), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{o}");
    assert_eq!(o["status"], "completed");
    assert!(o["steps"]["completed_at"].is_string());
    let (status, again) = shop
        .post(&format!("/api/orders/{id}/receipt"), &json!({}), None)
        .await;
    assert_eq!(
        (status, &again["status"]),
        (StatusCode::OK, &json!("completed"))
    );
}

#[tokio::test]
async fn receipt_is_confirmed_once_every_parcel_left_and_orders_confirm_themselves() {
    let shop = Shop::new().await;
    // Confirmed by the shopper before the carrier says anything: every
    // parcel is delivered, by the shopper.
    let id = shipped_order(&shop, 2).await;
    let (status, o) = shop
        .post(&format!("/api/orders/{id}/receipt"), &json!({}), None)
        .await;
    assert_eq!(
        (status, &o["status"]),
        (StatusCode::OK, &json!("completed")),
        "{o}"
    );
    assert!(o["parcels"]
        .as_array()
        .into_iter()
        .flatten()
        .all(|p| p["delivered_at"].is_string()));

    // Delivered by the carrier and never confirmed: complete ten days on.
    let other = paid_order(&shop, "tracking-order-3").await;
    let nuts = crate::seller_api::sign_in(&shop, NUTS).await;
    let bees = crate::seller_api::sign_in(&shop, BEES).await;
    ship_all(&shop, &nuts, &bees, 3).await;
    shop.state.clock.advance(Duration::from_secs(2 * 3600));
    follow(&shop).await;
    assert_eq!(order(&shop, &other).await["status"], "delivered");
    let st = &shop.state;
    let done = |days| haitao_server::tracking::delivery::complete_due(&st.db, &st.clock, days);
    assert_eq!(done(10).await.expect("round"), 0, "not yet");
    st.clock.advance(Duration::from_secs(10 * 86_400));
    assert_eq!(done(10).await.expect("round"), 1);
    assert_eq!(order(&shop, &other).await["status"], "completed");

    // Not before every parcel has left.
    let paid = paid_order(&shop, "tracking-unshipped").await;
    let (status, err) = shop
        .post(&format!("/api/orders/{paid}/receipt"), &json!({}), None)
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["error"]["code"], "order_not_shipped");
    // Without the order's token (another's order): it does not open.
    let (status, _, _) = call_with(
        &shop,
        "POST",
        &format!("/api/orders/{paid}/receipt"),
        None,
        Some(json!({})),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// A shop that tracks with Kuaidi100 (the local fake) instead of development's script.
async fn kuaidi100_shop() -> (
    Shop,
    std::sync::Arc<kuaidi100::Fake>,
    std::sync::Arc<haitao_server::tracking::kuaidi100::Kuaidi100>,
) {
    use haitao_server::tracking::kuaidi100::Kuaidi100;
    let (url, fake) = kuaidi100::start().await;
    let keys = haitao_server::infra::keys::Keys::derive(TEST_SECRET);
    let k = std::sync::Arc::new(Kuaidi100::new(
        &url,
        kuaidi100::KEY,
        kuaidi100::CUSTOMER,
        "http://shop.test/api/tracking/kuaidi100/notify",
        keys.tracking,
        reqwest::Client::new(),
    ));
    let kk = k.clone();
    let shop = Shop::changed(Default::default(), None, move |st| {
        st.tracking = kk.clone();
        st.kuaidi100 = Some(kk);
    })
    .await;
    (shop, fake, k)
}

/// Kuaidi100's push, as a form post to our callback.
async fn push(shop: &Shop, param: &str, sign: &str) -> (StatusCode, Value) {
    let body = format!(
        "param={}&sign={}",
        crate::common::urlencode(param),
        crate::common::urlencode(sign)
    );
    let req = axum::http::Request::post("/api/tracking/kuaidi100/notify")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(body))
        .expect("request");
    shop.send(req).await
}

fn item(time: &str, status: &str, context: &str) -> Value {
    json!({"time": time, "ftime": time, "context": context, "status": status})
}

#[tokio::test]
async fn kuaidi100_pushes_are_checked_kept_once_and_in_order() {
    let (shop, fake, _) = kuaidi100_shop().await;
    let id = shipped_order(&shop, 5).await;
    follow(&shop).await;
    // Each parcel subscribed once, with our callback and a salt of its own.
    let subs = fake.subscriptions.lock().expect("lock").clone();
    assert_eq!(subs.len(), 2, "{subs:?}");
    assert!(subs
        .iter()
        .all(|s| s.callback_url.ends_with("/api/tracking/kuaidi100/notify") && s.salt.len() == 32));
    assert_ne!(subs[0].salt, subs[1].salt);
    follow(&shop).await;
    assert_eq!(
        fake.subscriptions.lock().expect("lock").len(),
        2,
        "subscribed once"
    );
    let ups = subs
        .iter()
        .find(|s| s.company == "ups")
        .expect("the UPS parcel")
        .clone();

    // A push of the first two events.
    let early = json!([
        item("2026-12-02 08:00:00", "在途", "离开洛杉矶"),
        item("2026-12-01 10:00:00", "揽收", "已揽收"),
    ]);
    let (param, sign) = kuaidi100::push("polling", "ups", &ups.number, &early, &ups.salt);
    let (status, answer) = push(&shop, &param, &sign).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        answer,
        json!({"result": true, "returnCode": "200", "message": "成功"})
    );
    let parcel = |o: &Value| {
        o["parcels"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p["carrier"] == "ups")
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(
        states(&parcel(&order(&shop, &id).await)),
        ["in_transit", "collected"]
    );
    // Times are China's: 10:00 there is 02:00 UTC.
    assert_eq!(
        parcel(&order(&shop, &id).await)["events"][1]["at"],
        "2026-12-01T02:00:00Z"
    );

    // Replayed: nothing changes. Forged (another salt, or an edited param): refused.
    let (status, _) = push(&shop, &param, &sign).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(states(&parcel(&order(&shop, &id).await)).len(), 2);
    let signed = json!([item("2026-12-05 18:00:00", "签收", "本人签收")]);
    let (forged, forged_sign) =
        kuaidi100::push("shutdown", "ups", &ups.number, &signed, "not-the-salt");
    let (status, answer) = push(&shop, &forged, &forged_sign).await;
    assert_eq!(
        (status, &answer["result"]),
        (StatusCode::BAD_REQUEST, &json!(false))
    );
    let (status, _) = push(&shop, &forged.replace("本人", "他人"), &sign).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        order(&shop, &id).await["status"],
        "shipped",
        "a forged push delivers nothing"
    );

    // Out of order: the whole history (signed for) then an older push again.
    let all = json!([
        item("2026-12-05 18:00:00", "签收", "本人签收"),
        item("2026-12-04 09:00:00", "派件", "派送中"),
        item("2026-12-02 08:00:00", "在途", "离开洛杉矶"),
        item("2026-12-01 10:00:00", "揽收", "已揽收"),
    ]);
    let (param, sign) = kuaidi100::push("shutdown", "ups", &ups.number, &all, &ups.salt);
    assert_eq!(push(&shop, &param, &sign).await.0, StatusCode::OK);
    let (param, sign) = kuaidi100::push("polling", "ups", &ups.number, &early, &ups.salt);
    assert_eq!(push(&shop, &param, &sign).await.0, StatusCode::OK);
    let p = parcel(&order(&shop, &id).await);
    assert_eq!(
        states(&p),
        ["delivered", "out_for_delivery", "in_transit", "collected"]
    );
    assert_eq!(p["delivered_at"], "2026-12-05T10:00:00Z");
    // One parcel of two: the order is not delivered yet.
    assert_eq!(order(&shop, &id).await["status"], "shipped");
}

#[tokio::test]
async fn a_parcel_kuaidi100_has_not_pushed_about_is_asked_about() {
    let (shop, fake, _) = kuaidi100_shop().await;
    let id = shipped_order(&shop, 6).await;
    follow(&shop).await;
    let usps = fake
        .subscriptions
        .lock()
        .expect("lock")
        .iter()
        .find(|s| s.company == "usps")
        .cloned()
        .expect("usps");
    fake.histories.lock().expect("lock").push((
        usps.number.clone(),
        json!([
            item("2026-12-05 18:00:00", "签收", "已签收"),
            item("2026-12-01 10:00:00", "揽收", "已揽收")
        ]),
    ));
    // Not before a while without news.
    follow(&shop).await;
    assert_eq!(*fake.queries.lock().expect("lock"), 0);
    shop.state.clock.advance(Duration::from_secs(7 * 3600));
    follow(&shop).await;
    // Both parcels asked about (signed); the UPS one has no history yet.
    assert_eq!(*fake.queries.lock().expect("lock"), 2);
    let o = order(&shop, &id).await;
    let p = o["parcels"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["carrier"] == "usps")
        .cloned()
        .unwrap_or_default();
    assert_eq!(states(&p), ["delivered", "collected"]);
    // Asked once per while, not every round (Kuaidi100 locks a number asked too often).
    follow(&shop).await;
    assert_eq!(*fake.queries.lock().expect("lock"), 2);
}
