//! A drop: every buyer wants the same SKU in the same second, on two server
//! processes sharing one database (on PostgreSQL with `HAITAO_TEST_DATABASE`;
//! on SQLite two pools on one file). Exactly the units on the shelf are sold.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use haitao_server::infra::config::{Env, Settings};
use haitao_server::infra::keys::Keys;
use haitao_server::infra::throttle::Throttle;
use haitao_server::startup::{App, Parts};
use haitao_server::{catalog::rate, infra::db};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::common::{address, consented, made_up_id, Shop, TEST_SECRET};

/// A second process on the shop's database: its own pool, index and routes.
async fn second_process(shop: &Shop) -> axum::Router {
    let pool = db::open(&shop.target).await.expect("the same database");
    let rate = rate::load(&pool, None).await.expect("rate");
    let keys = Keys::derive(TEST_SECRET);
    let parts = Parts::with(
        Settings::default(),
        Throttle::default(),
        &Env::default(),
        &keys,
    )
    .expect("parts");
    let dist = tempfile::tempdir().expect("dist");
    std::fs::write(dist.path().join("index.html"), "<!doctype html>").expect("index");
    App::build_with(pool, rate, keys, parts, dist.path(), |state| {
        state.throttle = Throttle::new(100_000, 100_000, Vec::new());
    })
    .await
    .expect("the second process")
    .router
}

/// Buyer `n`'s order of one unit of `sku`, from their own phone (address,
/// mobile and ID number their own).
fn order(n: u32, sku: &str) -> Request<Body> {
    let mut a = address();
    a["mobile"] = json!(format!("139{n:08}"));
    let body = json!({
        "lines": [{"sku": sku, "qty": 1}],
        "address": a,
        "identity": {"name": "张三", "id_number": made_up_id(n)},
    });
    let mut req = Request::post("/api/orders")
        .header("content-type", "application/json")
        .header("idempotency-key", format!("drop-{n:05}"))
        .body(Body::from(consented("/api/orders", body).to_string()))
        .expect("request");
    let peer: SocketAddr = format!("10.{}.{}.{}:40000", n / 65536, (n / 256) % 256, n % 256)
        .parse()
        .expect("addr");
    req.extensions_mut().insert(ConnectInfo(peer));
    req
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_buyers_for_a_hundred_units_on_two_processes_buy_exactly_a_hundred() {
    const BUYERS: u32 = 1000;
    const UNITS: i64 = 100;
    let shop = Shop::unthrottled().await;
    let other = second_process(&shop).await;
    sqlx::query("UPDATE variants SET stock = $1 WHERE sku = 'SS-1KG'")
        .bind(UNITS)
        .execute(&shop.state.db)
        .await
        .expect("stock");
    let routers = [shop.app.clone(), other];
    let buyers: Vec<_> = (0..BUYERS)
        .map(|n| {
            let router = routers[(n % 2) as usize].clone();
            tokio::spawn(async move {
                let res = router.oneshot(order(n, "SS-1KG")).await.expect("answer");
                let status = res.status();
                let bytes = res.into_body().collect().await.expect("body").to_bytes();
                let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
                (status, body)
            })
        })
        .collect();
    let (mut sold, mut out) = (0, 0);
    for b in buyers {
        let (status, body) = b.await.expect("buyer");
        match status {
            StatusCode::CREATED => sold += 1,
            StatusCode::CONFLICT if body["error"]["code"] == "out_of_stock" => out += 1,
            _ => panic!("{status}: {body}"),
        }
    }
    assert_eq!((sold, out), (UNITS, i64::from(BUYERS) - UNITS));
    assert_eq!(shop.stock("SS-1KG").await, 0);
    let (orders,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM order_lines WHERE sku = 'SS-1KG'")
        .fetch_one(&shop.state.db)
        .await
        .expect("orders");
    assert_eq!(
        orders, UNITS,
        "one order line per unit sold, none without its stock"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_payment_notified_to_both_processes_at_once_pays_the_order_once_and_refunds_nothing() {
    let shop = Shop::unthrottled().await;
    let other = second_process(&shop).await;
    let o = shop
        .order_of(
            json!([{"sku": "AL-500G", "qty": 1}]),
            crate::common::identity(),
            "twice-at-once-1",
        )
        .await;
    let id = o["id"].as_str().expect("id");
    let (_, start) = shop.pay(id, "alipay", "twice-at-once-pay-1").await;
    let payment = start["payment_id"].as_str().expect("payment");
    let word = shop.notification(
        payment,
        "succeeded",
        o["quote"]["total"]["amount"].as_i64().unwrap_or(0),
        "CNY",
    );
    // A provider that retries before its first call was answered: the same
    // word, eight times, to both processes.
    let calls: Vec<_> = (0..8)
        .map(|i| {
            let router = if i % 2 == 0 {
                shop.app.clone()
            } else {
                other.clone()
            };
            let body = word.to_string();
            tokio::spawn(async move {
                let req = Request::post("/api/payments/notify")
                    .header("content-type", "application/json")
                    .body(Body::from(body))
                    .expect("request");
                let res = router.oneshot(req).await.expect("answer");
                let status = res.status();
                let bytes = res.into_body().collect().await.expect("body").to_bytes();
                (
                    status,
                    serde_json::from_slice::<Value>(&bytes).unwrap_or(Value::Null),
                )
            })
        })
        .collect();
    let mut applied = 0;
    for c in calls {
        let (status, answer) = c.await.expect("call");
        assert_eq!(status, StatusCode::OK, "{answer}");
        if answer["applied"] == true {
            applied += 1;
        }
    }
    assert_eq!(applied, 1, "applied once");
    let (_, paid) = shop.get(&format!("/api/orders/{id}")).await;
    assert_eq!(paid["status"], "paid");
    let (refunds,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM refunds")
        .fetch_one(&shop.state.db)
        .await
        .expect("refunds");
    assert_eq!(
        refunds, 0,
        "a good payment is never refunded as a duplicate"
    );
}

/// A phone's first visit: the page gives it the shop's device cookie.
async fn device_of(shop: &Shop) -> String {
    let res = shop
        .raw(Request::get("/cart").body(Body::empty()).expect("request"))
        .await;
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("haitao_device="))
        .and_then(|c| c.split(';').next())
        .map(|v| format!("haitao_device={v}"))
        .expect("a page gives a device")
}

/// An order of one unit of AL-500G from `peer`, with `cookie` (a device) if
/// any, for payer `payer` delivered to mobile `mobile`.
fn order_from(
    key: &str,
    peer: &str,
    cookie: Option<&str>,
    payer: u32,
    mobile: u32,
) -> Request<Body> {
    let mut a = address();
    a["mobile"] = json!(format!("139{mobile:08}"));
    let body = json!({
        "lines": [{"sku": "AL-500G", "qty": 1}],
        "address": a,
        "identity": {"name": "张三", "id_number": made_up_id(payer)},
    });
    let mut req = Request::post("/api/orders")
        .header("content-type", "application/json")
        .header("idempotency-key", key);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let mut req = req
        .body(Body::from(consented("/api/orders", body).to_string()))
        .expect("request");
    let peer: SocketAddr = format!("{peer}:40000").parse().expect("addr");
    req.extensions_mut().insert(ConnectInfo(peer));
    req
}

/// Behind a mobile carrier's NAT a district's phones share one public
/// address. With the shop's own limits (ten orders at once, then ten a
/// minute), counted per device, account and payer, each of 500 phones behind
/// one address orders in the same minute; one phone, one payer, or one
/// client that drops its cookies is still held to a person's pace.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn five_hundred_phones_behind_one_address_each_order_and_one_abuser_is_stopped() {
    const NAT: &str = "203.0.113.50";
    let shop = Shop::new().await;
    sqlx::query("UPDATE variants SET stock = 100000 WHERE sku = 'AL-500G'")
        .execute(&shop.state.db)
        .await
        .expect("stock");
    let mut phones = Vec::new();
    for _ in 0..500 {
        phones.push(device_of(&shop).await);
    }
    let started = std::time::Instant::now();
    let orders: Vec<_> = phones
        .iter()
        .enumerate()
        .map(|(n, cookie)| {
            let app = shop.app.clone();
            let req = order_from(
                &format!("nat-phone-{n:04}"),
                NAT,
                Some(cookie),
                n as u32,
                n as u32,
            );
            tokio::spawn(async move { app.oneshot(req).await.expect("answer").status() })
        })
        .collect();
    for (n, o) in orders.into_iter().enumerate() {
        assert_eq!(o.await.expect("phone"), StatusCode::CREATED, "phone {n}");
    }
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "in the same minute"
    );

    // One phone placing order after order, each for another payer and mobile.
    // A fresh one: a phone of the crowd has its allowance back at a pace of
    // the clock, and the crowd's minute may be slow on a loaded machine.
    let abuser = &device_of(&shop).await;
    let mut answers = Vec::new();
    for i in 0..11 {
        let req = order_from(
            &format!("abuser-dev-{i:04}"),
            NAT,
            Some(abuser),
            10_000 + i,
            10_000 + i,
        );
        answers.push(shop.raw(req).await.status());
    }
    assert_eq!(&answers[..10], &[StatusCode::CREATED; 10], "{answers:?}");
    assert_eq!(answers[10], StatusCode::TOO_MANY_REQUESTS);

    // One payer's ID number from eleven fresh phones.
    let mut answers = Vec::new();
    for i in 0..11 {
        let phone = device_of(&shop).await;
        let req = order_from(
            &format!("one-payer-{i:04}"),
            NAT,
            Some(&phone),
            20_000,
            20_000 + i,
        );
        answers.push(shop.raw(req).await.status());
    }
    assert_eq!(&answers[..10], &[StatusCode::CREATED; 10], "{answers:?}");
    assert_eq!(answers[10], StatusCode::TOO_MANY_REQUESTS);

    // A script that keeps no cookie, a new payer and mobile each time: its
    // address stands for its device.
    let mut answers = Vec::new();
    for i in 0..11 {
        let req = order_from(
            &format!("no-cookie-{i:04}"),
            NAT,
            None,
            30_000 + i,
            30_000 + i,
        );
        answers.push(shop.raw(req).await.status());
    }
    assert_eq!(&answers[..10], &[StatusCode::CREATED; 10], "{answers:?}");
    assert_eq!(answers[10], StatusCode::TOO_MANY_REQUESTS);
    // A made-up device cookie is no device: the same address's allowance.
    let req = order_from(
        "forged-device-1",
        NAT,
        Some("haitao_device=AAAAAAAAAAAAAAAAAAAAAA.00000000000000000000000000000000"),
        40_000,
        40_000,
    );
    assert_eq!(shop.raw(req).await.status(), StatusCode::TOO_MANY_REQUESTS);
}

/// The product page of a drop is drawn once a moment for everyone, but the
/// moment it sells out the next shopper's page says so.
#[tokio::test]
async fn a_kept_product_page_shows_sold_out_the_moment_the_last_unit_goes() {
    let shop = Shop::unthrottled().await;
    shop.only_left("AL-500G", 1).await;
    let page = |shop: &Shop| {
        let app = shop.app.clone();
        async move {
            let res = app
                .oneshot(
                    Request::get("/p/roasted-almonds?lang=zh-CN")
                        .body(Body::empty())
                        .expect("request"),
                )
                .await
                .expect("page");
            let bytes = res.into_body().collect().await.expect("body").to_bytes();
            String::from_utf8_lossy(&bytes).into_owned()
        }
    };
    let before = page(&shop).await;
    assert_eq!(
        before.matches("已售罄").count(),
        page(&shop).await.matches("已售罄").count(),
        "kept"
    );
    shop.order_of(
        json!([{"sku": "AL-500G", "qty": 1}]),
        crate::common::identity(),
        "last-almonds-1",
    )
    .await;
    let after = page(&shop).await;
    assert!(
        after.matches("已售罄").count() > before.matches("已售罄").count(),
        "the last unit gone, the page says sold out at once"
    );
}

/// A seller announces a drop for 8 pm: the product is on its page before,
/// with the moment by the server's clock; an order before it is refused in
/// the shopper's words' code, and from the second it opens it is taken.
#[tokio::test]
async fn a_drop_is_shown_before_its_start_and_sold_from_the_second_it_opens() {
    const SELLER: &str = "cascade-orchards";
    let shop = Shop::unthrottled().await;
    let opens = shop.state.clock.now() + time::Duration::hours(2);
    let in_china = opens
        .to_offset(time::macros::offset!(+8))
        .format(&time::format_description::well_known::Rfc3339)
        .expect("format");
    let csv: String = include_str!("../../../docs/examples/cascade-orchards.csv")
        .lines()
        .enumerate()
        .map(|(i, line)| match i {
            0 => format!("{line},sale_starts\n"),
            _ if line.starts_with("apple-cider-syrup,") => format!("{line},{in_china}\n"),
            _ => format!("{line},\n"),
        })
        .collect();
    haitao_server::catalog::import::import_text(&shop.state.db, SELLER, &csv, "csv")
        .await
        .expect("import");
    haitao_server::catalog::publish::publish(&shop.state.db, SELLER, None)
        .await
        .expect("publish");
    shop.reindex().await;

    let (status, p) = shop.get("/api/products/apple-cider-syrup").await;
    assert_eq!(status, StatusCode::OK, "{p}");
    let at = p["sale_starts"]["at"].as_str().expect("a start");
    assert_eq!(
        haitao_core::dates::epoch_seconds(at),
        Some(opens.unix_timestamp()),
        "kept to the second, in UTC: {at}"
    );
    assert!(
        p["sale_starts"]["now"].is_string(),
        "with the server's clock"
    );
    let body = json!({"lines": [{"sku": "ACS-250", "qty": 1}], "address": address(), "identity": crate::common::identity()});
    let buy = |key: &'static str| shop.post("/api/orders", &body, Some(key));
    let (status, err) = buy("drop-too-early-1").await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["error"]["code"], "not_on_sale_yet");
    assert_eq!(err["error"]["field"], "lines[0].sku");
    // Moments before: still not; from the moment: sold. (The test's clock is
    // the system's moved forward, and a run on a busy machine takes seconds:
    // "before" is measured from now, with room for that.)
    let before = opens - shop.state.clock.now() - time::Duration::seconds(30);
    shop.state.clock.advance(std::time::Duration::from_secs(
        before.whole_seconds().max(0).unsigned_abs(),
    ));
    let (status, _) = buy("drop-moments-early").await;
    assert_eq!(status, StatusCode::CONFLICT);
    // Past the moment (the whole seconds above rounded down).
    shop.state.clock.advance(std::time::Duration::from_secs(31));
    let (status, o) = buy("drop-from-the-moment").await;
    assert_eq!(status, StatusCode::CREATED, "{o}");
    let (_, p) = shop.get("/api/products/apple-cider-syrup").await;
    assert!(p.get("sale_starts").is_none(), "open now: {p}");
}

/// A sign-in code asked for from `peer` with `cookie` (a device) if any.
fn code_for(phone: &str, peer: &str, cookie: Option<&str>) -> Request<Body> {
    let mut req = Request::post("/api/auth/code").header("content-type", "application/json");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let mut req = req
        .body(Body::from(json!({ "phone": phone }).to_string()))
        .expect("request");
    let peer: SocketAddr = format!("{peer}:40000").parse().expect("addr");
    req.extensions_mut().insert(ConnectInfo(peer));
    req
}

/// Behind one NAT, the district's phones all sign in before the drop: each
/// gets its code. One device asking codes for number after number, or a
/// client without the shop's cookie, is held to a few an hour.
#[tokio::test]
async fn phones_behind_one_address_each_get_a_sign_in_code_and_one_device_does_not_get_many() {
    const NAT: &str = "203.0.113.60";
    let shop = Shop::unthrottled().await;
    let limit = haitao_server::auth::codes::PER_CLIENT_PER_HOUR as u32;
    for n in 0..limit + 10 {
        let phone = device_of(&shop).await;
        let res = shop
            .raw(code_for(&format!("1370000{n:04}"), NAT, Some(&phone)))
            .await;
        assert_eq!(res.status(), StatusCode::ACCEPTED, "phone {n}");
    }
    let abuser = device_of(&shop).await;
    for n in 0..limit {
        let res = shop
            .raw(code_for(&format!("1371111{n:04}"), NAT, Some(&abuser)))
            .await;
        assert_eq!(res.status(), StatusCode::ACCEPTED, "code {n}");
    }
    let res = shop.raw(code_for("13711119999", NAT, Some(&abuser))).await;
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "one device, number after number"
    );
    // Without the cookie the network address is the device.
    for n in 0..limit {
        let res = shop
            .raw(code_for(&format!("1372222{n:04}"), "198.51.100.60", None))
            .await;
        assert_eq!(res.status(), StatusCode::ACCEPTED, "code {n}");
    }
    let res = shop
        .raw(code_for("13722229999", "198.51.100.60", None))
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

/// The marks writers lock (payers, mobiles, devices) do not pile up: the
/// retention round forgets them, and the next order makes its own again.
#[tokio::test]
async fn the_marks_writers_lock_are_forgotten_and_made_again() {
    let shop = Shop::new().await;
    let count = || async {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM write_marks")
            .fetch_one(&shop.state.db)
            .await
            .expect("count");
        n
    };
    shop.order_of(
        json!([{"sku": "AL-500G", "qty": 1}]),
        crate::common::identity(),
        "marks-key-0001",
    )
    .await;
    let on_postgres = db::backend(&shop.state.db) == db::Backend::Postgres;
    // SQLite's single writer needs no marks.
    assert_eq!(count().await > 0, on_postgres);
    db::forget_marks(&shop.state.db).await.expect("forget");
    assert_eq!(count().await, 0);
    shop.order_of(
        json!([{"sku": "AL-500G", "qty": 1}]),
        crate::common::identity(),
        "marks-key-0002",
    )
    .await;
    assert_eq!(count().await > 0, on_postgres);
}

/// The leader's sweeps of marks and of idle limiter rows run while shoppers
/// write (a restarted process sweeps at once). Neither may wait for a row a
/// transaction holds: taking rows in its own order while a writer holds one
/// and waits for another is a deadlock, and PostgreSQL ends it by failing
/// one of the two (once a shopper's order, answered 500 in the load test).
#[tokio::test]
async fn the_sweeps_skip_what_a_writer_holds_and_never_wait_for_it() {
    use haitao_server::infra::throttle::forget_idle_shared;
    let shop = Shop::new().await;
    let db = &shop.state.db;
    if db::backend(db) != db::Backend::Postgres {
        // SQLite has one writer: a sweep and an order cannot both be writing.
        return;
    }
    let marks = || async {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT mark FROM write_marks ORDER BY mark")
            .fetch_all(db)
            .await
            .expect("marks");
        rows.into_iter().map(|(m,)| m).collect::<Vec<_>>()
    };
    let mut tx = db::begin_write(db).await.expect("begin");
    db::lock_marks(&mut tx, &["payer:idle", "payer:held"])
        .await
        .expect("lock");
    tx.commit().await.expect("commit");
    // An idle client of the shared limiter, and another whose row is held.
    let long_ago =
        time::OffsetDateTime::now_utc().unix_timestamp() * 1_000_000_000 - 7_200_000_000_000;
    for client in ["idle", "held"] {
        sqlx::query("INSERT INTO throttle (client, tat, ok, seen) VALUES ($1, $2, 1, $2)")
            .bind(client)
            .bind(long_ago)
            .execute(db)
            .await
            .expect("throttle row");
    }

    // A writer holds one mark and one limiter row, and goes on working.
    let mut writer = db::begin_write(db).await.expect("begin");
    db::lock_marks(&mut writer, &["payer:held"])
        .await
        .expect("lock");
    sqlx::query("SELECT 1 FROM throttle WHERE client = 'held' FOR UPDATE")
        .execute(&mut *writer)
        .await
        .expect("hold the row");
    let within = std::time::Duration::from_secs(5);
    tokio::time::timeout(within, db::forget_marks(db))
        .await
        .expect("the marks' sweep did not wait for the writer")
        .expect("sweep");
    tokio::time::timeout(within, forget_idle_shared(db))
        .await
        .expect("the limiter's sweep did not wait for the writer")
        .expect("sweep");
    writer.commit().await.expect("the writer commits");
    assert_eq!(
        marks().await,
        ["payer:held"],
        "all but the held mark forgotten"
    );
    let clients: Vec<(String,)> = sqlx::query_as("SELECT client FROM throttle ORDER BY client")
        .fetch_all(db)
        .await
        .expect("clients");
    assert!(
        clients.iter().any(|(c,)| c == "held") && !clients.iter().any(|(c,)| c == "idle"),
        "the idle client forgotten, the held one kept: {clients:?}"
    );
    // The next sweep takes what is no longer held.
    db::forget_marks(db).await.expect("sweep");
    assert!(marks().await.is_empty());
}

/// Placing an order takes its stock SKU by SKU in SKU order; cancelling one
/// puts its units back, and a refund takes its sales back, in that same
/// order. Put back in the order a statement's plan happened to find them
/// (the order's lines, here against SKU order), a cancel holding one SKU
/// and a new order holding the other each waited for the other, and
/// PostgreSQL failed one of them: 500 to a shopper in the load test.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn orders_placed_while_others_of_the_same_skus_are_cancelled_all_succeed() {
    const EACH: u32 = 150;
    let shop = Shop::unthrottled().await;
    sqlx::query("UPDATE variants SET stock = 100000 WHERE sku IN ('AL-500G', 'WN-454G')")
        .execute(&shop.state.db)
        .await
        .expect("stock");
    let body = |n: u32| {
        let mut a = address();
        a["mobile"] = json!(format!("139{n:08}"));
        json!({
            // Listed against SKU order, as a cart may list them.
            "lines": [{"sku": "WN-454G", "qty": 1}, {"sku": "AL-500G", "qty": 1}],
            "address": a,
            "identity": {"name": "张三", "id_number": made_up_id(n)},
        })
    };
    let mut placed = Vec::new();
    for n in 0..EACH {
        let (status, o) = shop
            .post("/api/orders", &body(n), Some(&format!("mixed-{n:04}")))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{o}");
        placed.push(o["id"].as_str().expect("id").to_owned());
    }
    let (shop, body) = (&shop, &body);
    let cancels = placed.iter().map(|id| async move {
        let (status, c) = shop
            .post(&format!("/api/orders/{id}/cancel"), &json!({}), None)
            .await;
        (status, c, "cancel")
    });
    let orders = (EACH..2 * EACH).map(|n| async move {
        let (status, o) = shop
            .post("/api/orders", &body(n), Some(&format!("mixed-{n:04}")))
            .await;
        (status, o, "order")
    });
    let (cancels, orders) = tokio::join!(
        futures::future::join_all(cancels),
        futures::future::join_all(orders)
    );
    let failed: Vec<_> = cancels
        .iter()
        .chain(&orders)
        .filter(|(status, _, _)| !status.is_success())
        .map(|(status, body, what)| format!("{what}: {status} {body}"))
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
    assert_eq!(shop.stock("AL-500G").await, 100000 - i64::from(EACH));
    assert_eq!(shop.stock("WN-454G").await, 100000 - i64::from(EACH));
}
