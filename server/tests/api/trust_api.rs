//! What the product page promises and the two ways a shopper reaches the
//! seller or the season: the sales count, the after-sales terms and the
//! genuine-goods promise as the catalog states them; questions answered once
//! with an SMS; "notify me at harvest" told once when the season opens.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::common::{call, sign_in, Shop};
use axum::http::StatusCode;
use haitao_server::account::{questions, wishes};
use haitao_server::sms::{notices, Notice, SmsError, SmsSender};
use serde_json::{json, Value};

/// POSTs `body` to /api/questions as `who` (a session token, or a guest).
async fn post_question(
    shop: &Shop,
    who: Option<&str>,
    body: Value,
) -> (StatusCode, Value, Option<String>) {
    call(shop, "POST", "/api/questions", who, Some(body)).await
}

/// POSTs `body` to /api/account/wishes as `who`.
async fn post_wish(
    shop: &Shop,
    who: Option<&str>,
    body: Value,
) -> (StatusCode, Value, Option<String>) {
    call(shop, "POST", "/api/account/wishes", who, Some(body)).await
}

/// Sends the notices that are due, as the background job does.
async fn send_notices(shop: &Shop) -> Result<usize, sqlx::Error> {
    let st = &shop.state;
    notices::send_due(&st.db, &st.clock, st.sms.as_ref()).await
}

async fn product(shop: &Shop, slug: &str) -> Value {
    let (status, p) = shop.get(&format!("/api/products/{slug}")).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    p
}

#[tokio::test]
async fn the_page_states_sales_returns_and_the_sellers_verification() {
    let shop = Shop::new().await;
    let cherries = product(&shop, "rainier-cherries").await;
    assert_eq!(cherries["sold"], 1840);
    // Fresh fruit: no return for a change of mind.
    assert_eq!(cherries["returns"], "quality_only");
    assert_eq!(cherries["seller_verified_on"], "2025-11-03");
    let honey = product(&shop, "raw-clover-honey").await;
    assert_eq!(honey["returns"], "unopened");
    // An unverified seller is promised nothing it has not earned.
    assert!(
        honey["seller"]["verified"] == false && honey.get("seller_verified_on").is_none(),
        "{honey}"
    );
    // Seafood is fresh too (its category is under "fresh").
    assert_eq!(
        product(&shop, "king-crab-legs").await["returns"],
        "quality_only"
    );
}

/// An SMS sender that refuses its first `fail` notices, then keeps the rest;
/// sign-in codes go to the development sender, where the tests read them.
#[derive(Default)]
struct Flaky {
    fail: AtomicUsize,
    sent: std::sync::Mutex<Vec<(String, Notice)>>,
    codes: std::sync::OnceLock<Arc<haitao_server::sms::DevSms>>,
}

#[async_trait::async_trait]
impl SmsSender for Flaky {
    async fn send_code(&self, phone: &str, code: &str) -> Result<(), SmsError> {
        match self.codes.get() {
            Some(dev) => dev.send_code(phone, code).await,
            None => Err(SmsError("no development sender".into())),
        }
    }
    async fn send_notice(&self, phone: &str, kind: Notice) -> Result<(), SmsError> {
        if self
            .fail
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
        {
            return Err(SmsError("refused".into()));
        }
        if let Ok(mut s) = self.sent.lock() {
            s.push((phone.to_owned(), kind));
        }
        Ok(())
    }
}

#[tokio::test]
async fn a_question_is_answered_once_and_the_shopper_told_by_sms() {
    let shop = Shop::new().await;
    let ask = |body: &str| json!({ "product": "roasted-almonds", "body": body });
    // Asking needs an account: the answer goes to its phone.
    let (status, err, _) = post_question(&shop, None, ask("是否加盐？")).await;
    assert_eq!(
        (status, err["error"]["code"].clone()),
        (StatusCode::UNAUTHORIZED, json!("sign_in_required"))
    );
    let me = sign_in(&shop, "13911113333").await;
    for bad in ["  好吗 ", &"甜".repeat(301)] {
        let (status, err, _) = post_question(&shop, Some(&me), ask(bad)).await;
        assert_eq!(
            (
                status,
                err["error"]["code"].clone(),
                err["error"]["field"].clone()
            ),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!("invalid_question"),
                json!("body")
            )
        );
    }
    let (status, _, _) = post_question(
        &shop,
        Some(&me),
        json!({ "product": "no-such-thing", "body": "Is it salted?" }),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, q, _) = post_question(&shop, Some(&me), ask("  是否加盐？ ")).await;
    assert_eq!(status, StatusCode::CREATED, "{q}");
    assert_eq!(q["body"], "是否加盐？");
    assert_eq!(q["product"], "roasted-almonds");
    assert!(q.get("answer").is_none());
    // Another account sees none of it.
    let other = sign_in(&shop, "13911114444").await;
    let (_, theirs, _) = call(&shop, "GET", "/api/account/questions", Some(&other), None).await;
    assert_eq!(theirs, json!([]));

    let id = q["id"].as_i64().expect("an id");
    let open = questions::open(&shop.state.db)
        .await
        .expect("open questions");
    assert_eq!(open.iter().map(|q| q.id).collect::<Vec<_>>(), vec![id]);
    let answered = questions::answer(&shop.state.db, &shop.state.clock, id, "不加盐，原味烘烤。")
        .await
        .expect("db");
    assert_eq!(answered, Ok(()));
    // Once: a second answer would be a second SMS.
    let again = questions::answer(&shop.state.db, &shop.state.clock, id, "再答")
        .await
        .expect("db");
    assert_eq!(again, Err(questions::NotAnswered::AlreadyAnswered));
    assert_eq!(
        questions::answer(&shop.state.db, &shop.state.clock, id + 99, "x")
            .await
            .expect("db"),
        Err(questions::NotAnswered::NoSuchQuestion)
    );
    assert!(questions::open(&shop.state.db)
        .await
        .expect("open")
        .is_empty());

    assert_eq!(send_notices(&shop).await.expect("sent"), 1);
    let (_, sms) = shop.get("/api/dev/sms?phone=13911113333").await;
    assert!(
        sms[0]["text"]
            .as_str()
            .unwrap_or("")
            .contains("您的提问已有回复"),
        "{sms}"
    );
    // Sent is sent: nothing goes twice.
    assert_eq!(send_notices(&shop).await.expect("sent"), 0);
    let (status, mine, _) = call(&shop, "GET", "/api/account/questions", Some(&me), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(mine[0]["answer"], "不加盐，原味烘烤。");
    assert!(mine[0]["answered_at"].is_string());
}

#[tokio::test]
async fn questions_are_limited_per_day() {
    let shop = Shop::new().await;
    let me = sign_in(&shop, "13911115555").await;
    let ask = json!({ "product": "maple-candy", "body": "How long does it keep?" });
    for _ in 0..questions::PER_DAY {
        let (status, _, _) = post_question(&shop, Some(&me), ask.clone()).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (status, err, _) = post_question(&shop, Some(&me), ask.clone()).await;
    assert_eq!(
        (status, err["error"]["code"].clone()),
        (StatusCode::TOO_MANY_REQUESTS, json!("question_limit"))
    );
    shop.state
        .clock
        .advance(std::time::Duration::from_secs(86_400 + 60));
    let (status, _, _) = post_question(&shop, Some(&me), ask).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_notice_the_sender_refused_is_sent_again_later() {
    let flaky = Arc::new(Flaky {
        fail: AtomicUsize::new(1),
        ..Default::default()
    });
    let sender = flaky.clone();
    let shop = Shop::changed(Default::default(), None, move |st| {
        if let Some(dev) = st.dev_sms.clone() {
            let _ = sender.codes.set(dev);
        }
        st.sms = sender;
    })
    .await;
    let me = sign_in(&shop, "13911116666").await;
    let (_, q, _) = post_question(
        &shop,
        Some(&me),
        json!({ "product": "maple-candy", "body": "Does it contain nuts?" }),
    )
    .await;
    let id = q["id"].as_i64().expect("an id");
    let _ = questions::answer(&shop.state.db, &shop.state.clock, id, "No nuts.")
        .await
        .expect("db");
    assert_eq!(
        send_notices(&shop).await.expect("round"),
        0,
        "refused the first time"
    );
    // Not again at once: it waits its turn.
    assert_eq!(send_notices(&shop).await.expect("round"), 0);
    shop.state.clock.advance(std::time::Duration::from_secs(
        notices::backoff(1) as u64 + 1,
    ));
    assert_eq!(send_notices(&shop).await.expect("round"), 1);
    let sent = flaky.sent.lock().map(|s| s.clone()).unwrap_or_default();
    assert_eq!(sent, vec![("13911116666".to_owned(), Notice::Answer)]);
}

/// A seasonal product out of season today (whatever today is), and when its
/// season opens.
async fn out_of_season(shop: &Shop) -> (String, i32, u8) {
    for slug in [
        "rainier-cherries",
        "fresh-cranberries",
        "wild-blueberries",
        "honeycrisp-apples",
    ] {
        let p = product(shop, slug).await;
        if let Some(at) = p.get("opens") {
            let year = at["year"].as_i64().expect("year") as i32;
            let month = at["month"].as_i64().expect("month") as u8;
            return (slug.to_owned(), year, month);
        }
    }
    unreachable!("the seasons of these four cover no month together")
}

#[tokio::test]
async fn a_harvest_wish_is_told_once_when_the_season_opens() {
    let shop = Shop::new().await;
    let me = sign_in(&shop, "13911117777").await;
    let wish = |slug: &str| json!({ "product": slug });
    // On sale now: nothing to wait for.
    let (status, err, _) = post_wish(&shop, Some(&me), wish("maple-candy")).await;
    assert_eq!(
        (status, err["error"]["code"].clone()),
        (StatusCode::CONFLICT, json!("in_season"))
    );
    let (status, _, _) = post_wish(&shop, None, wish("maple-candy")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (slug, year, month) = out_of_season(&shop).await;
    let (status, body, _) = post_wish(&shop, Some(&me), wish(&slug)).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    // Twice is once.
    let (status, _, _) = post_wish(&shop, Some(&me), wish(&slug)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, list, _) = call(&shop, "GET", "/api/account/wishes", Some(&me), None).await;
    assert_eq!(list, json!([slug]));
    // A second shopper waits too, and then stops.
    let other = sign_in(&shop, "13911118888").await;
    post_wish(&shop, Some(&other), wish(&slug)).await;
    let (status, _, _) = call(
        &shop,
        "DELETE",
        &format!("/api/account/wishes/{slug}"),
        Some(&other),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    assert_eq!(
        wishes::notify_opened(&shop.state).await.expect("round"),
        0,
        "still out of season"
    );
    // The clock moves to the season's first days in China.
    let opens =
        time::Date::from_calendar_date(year, time::Month::try_from(month).expect("month"), 2)
            .expect("date")
            .midnight()
            .assume_offset(time::macros::offset!(+8));
    let wait = opens - shop.state.clock.now();
    shop.state.clock.advance(std::time::Duration::from_secs(
        wait.whole_seconds().max(0) as u64
    ));
    assert!(
        product(&shop, &slug).await.get("opens").is_none(),
        "the page says it is on sale"
    );
    assert_eq!(
        wishes::notify_opened(&shop.state).await.expect("round"),
        1,
        "the one still waiting"
    );
    assert_eq!(
        wishes::notify_opened(&shop.state).await.expect("round"),
        0,
        "told once"
    );
    assert_eq!(send_notices(&shop).await.expect("sent"), 1);
    let (_, sms) = shop.get("/api/dev/sms?phone=13911117777").await;
    assert!(
        sms[0]["text"].as_str().unwrap_or("").contains("已开季"),
        "{sms}"
    );
    let (_, sms) = shop.get("/api/dev/sms?phone=13911118888").await;
    assert!(
        !sms[0]["text"].as_str().unwrap_or("").contains("已开季"),
        "{sms}"
    );
}

/// A listing says which produce is out of season, as its page does: not
/// sold now, whatever its stock.
#[tokio::test]
async fn a_listing_marks_produce_out_of_season() {
    let shop = Shop::new().await;
    let (status, list) = shop.get("/api/products?category=fruit&per_page=60").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let cards = list["items"].as_array().expect("cards");
    assert!(
        cards.iter().any(|c| c["season"].is_object()),
        "seasonal fruit listed"
    );
    for card in cards {
        let slug = card["slug"].as_str().expect("slug");
        let page = product(&shop, slug).await;
        assert_eq!(
            card["out_of_season"].as_bool().unwrap_or(false),
            page.get("opens").is_some(),
            "{slug}: the card and the page agree"
        );
    }
}

/// A drop sells out; a shopper asks to be told when it is back. The units
/// of an unpaid order that expires come back on the shelf, and the shopper
/// gets one SMS, in both languages, once.
#[tokio::test]
async fn a_sold_out_product_is_waited_for_and_told_once_when_units_come_back() {
    let shop = Shop::new().await;
    let me = sign_in(&shop, "13911119999").await;
    let wish = json!({ "product": "maple-candy" });
    sqlx::query("UPDATE variants SET stock = 0 WHERE product_id = (SELECT id FROM products WHERE slug = 'maple-candy')")
        .execute(&shop.state.db)
        .await
        .expect("sold out");
    let sku: (String,) = sqlx::query_as(
        "SELECT v.sku FROM variants v JOIN products p ON p.id = v.product_id WHERE p.slug = 'maple-candy' ORDER BY v.id LIMIT 1",
    )
    .fetch_one(&shop.state.db)
    .await
    .expect("sku");
    sqlx::query("UPDATE variants SET stock = 1 WHERE sku = $1")
        .bind(&sku.0)
        .execute(&shop.state.db)
        .await
        .expect("the last one");
    shop.reindex().await;
    // Someone takes the last one and does not pay (yet).
    let order = shop
        .order_of(
            json!([{"sku": sku.0, "qty": 1}]),
            crate::common::identity(),
            "last-candy-key-1",
        )
        .await;
    // Sold out now: it can be waited for.
    let (status, body, _) = post_wish(&shop, Some(&me), wish.clone()).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(
        wishes::notify_opened(&shop.state).await.expect("round"),
        0,
        "still sold out"
    );
    // The unpaid order expires: its unit is back.
    shop.state.clock.advance(std::time::Duration::from_secs(
        shop.state.settings.pay_within_secs.unsigned_abs() + 1,
    ));
    haitao_server::orders::close::expire_due(&shop.state)
        .await
        .expect("expired");
    let (_, o) = shop
        .get(&format!(
            "/api/orders/{}",
            order["id"].as_str().unwrap_or("")
        ))
        .await;
    assert_eq!(o["status"], "cancelled");
    assert_eq!(
        wishes::notify_opened(&shop.state).await.expect("round"),
        1,
        "told"
    );
    assert_eq!(
        wishes::notify_opened(&shop.state).await.expect("round"),
        0,
        "once"
    );
    assert_eq!(send_notices(&shop).await.expect("sent"), 1);
    let (_, sms) = shop.get("/api/dev/sms?phone=13911119999").await;
    let text = sms[0]["text"].as_str().unwrap_or("");
    assert!(
        text.contains("已到货") && text.contains("back in stock"),
        "{sms}"
    );
    // On sale again: nothing to wait for.
    let (status, err, _) = post_wish(&shop, Some(&me), wish).await;
    assert_eq!(
        (status, err["error"]["code"].clone()),
        (StatusCode::CONFLICT, json!("in_season"))
    );
}
