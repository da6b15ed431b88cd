//! The payer's ID number is kept for customs and nothing else: a copy of the
//! database, without the key, confirms no candidate number; the full number
//! is deleted after the retention period.

use std::time::Duration;

use crate::common::{identity, Shop, TEST_SECRET};
use haitao_server::infra::keys::Keys;
use haitao_server::orders::retention::forget_id_numbers;
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::{Column, Row, TypeInfo};

const ID: &str = "11010519491231002X";

/// GB 11643's check character.
fn check_char(first17: &str) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    b"10X98765432"[(sum % 11) as usize] as char
}

/// What an attacker who knows the region and birth date would try: every
/// sequence number, with its check character (about a thousand numbers).
fn candidates() -> Vec<String> {
    (0..1000)
        .map(|seq| {
            let head = format!("11010519491231{seq:03}");
            format!("{head}{}", check_char(&head))
        })
        .collect()
}

fn hmac_hex(key: &[u8], parts: &[&[u8]]) -> String {
    let Ok(mut m) = Hmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            m.update(&[0]);
        }
        m.update(p);
    }
    hex::encode(m.finalize().into_bytes())
}

/// Every text and blob value in every table, read as a stranger with a copy would.
async fn every_value(target: &haitao_server::infra::db::Target) -> Vec<Vec<u8>> {
    match target {
        haitao_server::infra::db::Target::Sqlite(path) => every_value_in_file(path).await,
        haitao_server::infra::db::Target::Postgres(url) => every_value_in_postgres(url).await,
    }
}

async fn every_value_in_postgres(url: &str) -> Vec<Vec<u8>> {
    let pool = sqlx::PgPool::connect(url).await.expect("connect");
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
    )
    .fetch_all(&pool)
    .await
    .expect("tables");
    let mut values = Vec::new();
    for (t,) in tables {
        // Every column as text: numbers, text and bytes alike.
        let rows: Vec<(String,)> = sqlx::query_as(&format!(
            "SELECT CAST(x.value AS TEXT) FROM \"{t}\" r, json_each_text(row_to_json(r)) x WHERE x.value IS NOT NULL"
        ))
        .fetch_all(&pool)
        .await
        .expect("rows");
        values.extend(rows.into_iter().map(|(v,)| v.into_bytes()));
    }
    pool.close().await;
    values
}

async fn every_value_in_file(path: &std::path::Path) -> Vec<Vec<u8>> {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", path.display()))
        .await
        .expect("open the copy");
    let tables: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&pool)
            .await
            .expect("tables");
    let mut values = Vec::new();
    for (t,) in tables {
        let rows = sqlx::query(&format!("SELECT * FROM \"{t}\""))
            .fetch_all(&pool)
            .await
            .expect("rows");
        for row in rows {
            for (i, col) in row.columns().iter().enumerate() {
                let _ = col.type_info().name();
                if let Ok(Some(s)) = row.try_get::<Option<String>, _>(i) {
                    values.push(s.into_bytes());
                } else if let Ok(Some(b)) = row.try_get::<Option<Vec<u8>>, _>(i) {
                    values.push(b);
                }
            }
        }
    }
    pool.close().await;
    values
}

#[tokio::test]
async fn a_copy_of_the_database_confirms_no_candidate_id_number() {
    let shop = Shop::new().await;
    let o = shop
        .order_of(
            json!([{"sku": "AL-500G", "qty": 1}]),
            identity(),
            "privacy-order-key1",
        )
        .await;
    let id = o["id"].as_str().expect("id");
    assert_eq!(o["id_masked"], "**************002X");
    let (_, start) = shop.pay(id, "alipay", "privacy-pay-key-01").await;
    shop.choose(start["payment_id"].as_str().expect("payment"), "succeeded")
        .await;
    // SQLite: not in the file's bytes, whole or in part.
    if let Some(path) = haitao_server::infra::db::sqlite_file(&shop.target) {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&shop.state.db)
            .await
            .expect("checkpoint");
        let bytes = std::fs::read(path).expect("db file");
        for needle in [ID.as_bytes(), b"19491231", b"1101051949"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{:?} in the file",
                String::from_utf8_lossy(needle)
            );
        }
    }

    let values = every_value(&shop.target).await;
    let cands = candidates();
    assert!(
        cands.iter().any(|c| c == ID),
        "the true number is among the candidates"
    );
    let stored: std::collections::HashSet<String> = values
        .iter()
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .collect();
    let (id_hash, sealed): (String, String) =
        sqlx::query_as("SELECT id_hash, id_sealed FROM orders WHERE id = $1")
            .bind(id)
            .fetch_one(&shop.state.db)
            .await
            .expect("row");

    // The attacker tries every candidate, hashed plainly and keyed with every
    // value in the file that could be a key (where an older shop kept its
    // secret): as the HMAC key itself, and as the master secret keys derive from.
    let keylike: std::collections::BTreeSet<&Vec<u8>> = values
        .iter()
        .filter(|v| (16..=256).contains(&v.len()))
        .collect();
    assert!(!keylike.is_empty());
    for key in &keylike {
        let k = Keys::derive(key);
        assert!(
            k.id_seal.open(id, &sealed).is_err(),
            "a value in the file opens the number"
        );
        for c in &cands {
            assert_ne!(
                haitao_server::account::payers::id_hash(&k.id_hash, c),
                id_hash
            );
            for parts in [&[b"id".as_slice(), c.as_bytes()][..], &[c.as_bytes()][..]] {
                assert!(
                    !stored.contains(&hmac_hex(key, parts)),
                    "{c} confirmed by a key in the file"
                );
            }
        }
    }
    for c in &cands {
        assert!(!stored.contains(&hex::encode(Sha256::digest(c.as_bytes()))));
    }

    // With the key, which lives outside the file, the true number is confirmed
    // and opens: the test above would have caught a key in the database.
    let keys = Keys::derive(TEST_SECRET);
    let confirmed: Vec<&String> = cands
        .iter()
        .filter(|c| haitao_server::account::payers::id_hash(&keys.id_hash, c) == id_hash)
        .collect();
    assert_eq!(confirmed, vec![&ID.to_owned()]);
    assert_eq!(keys.id_seal.open(id, &sealed).as_deref(), Ok(ID));
}

#[tokio::test]
async fn the_full_number_is_deleted_ninety_days_after_shipping_or_cancelling() {
    let shop = Shop::new().await;
    let shipped = shop
        .order_of(
            json!([{"sku": "AL-500G", "qty": 1}]),
            identity(),
            "retention-key-0001",
        )
        .await;
    let shipped = shipped["id"].as_str().expect("id").to_owned();
    let (_, start) = shop.pay(&shipped, "wechat", "retention-pay-key1").await;
    shop.choose(start["payment_id"].as_str().expect("payment"), "succeeded")
        .await;
    let clock = &shop.state.clock;
    ship_all(&shop, &shipped).await;
    let cancelled = shop
        .order_of(
            json!([{"sku": "AL-500G", "qty": 1}]),
            identity(),
            "retention-key-0002",
        )
        .await;
    let cancelled = cancelled["id"].as_str().expect("id").to_owned();
    shop.post(&format!("/api/orders/{cancelled}/cancel"), &json!({}), None)
        .await;
    let unpaid = shop
        .order_of(
            json!([{"sku": "AL-500G", "qty": 1}]),
            identity(),
            "retention-key-0003",
        )
        .await;
    let unpaid = unpaid["id"].as_str().expect("id").to_owned();

    let sealed = |id: String| {
        let db = shop.state.db.clone();
        async move {
            let (s, masked, hash): (Option<String>, String, String) =
                sqlx::query_as("SELECT id_sealed, id_masked, id_hash FROM orders WHERE id = $1")
                    .bind(id)
                    .fetch_one(&db)
                    .await
                    .expect("row");
            assert_eq!(masked, "**************002X", "the masked form stays");
            assert!(!hash.is_empty(), "the allowance hash stays");
            s.is_some()
        }
    };
    clock.advance(Duration::from_secs(89 * 86_400));
    assert_eq!(
        forget_id_numbers(&shop.state.db, clock, 90)
            .await
            .expect("forget"),
        0
    );
    assert!(sealed(shipped.clone()).await && sealed(cancelled.clone()).await);
    clock.advance(Duration::from_secs(2 * 86_400));
    // (The unpaid one expired meanwhile: cancelled now, so its clock starts now.)
    haitao_server::orders::close::expire_due(&shop.state)
        .await
        .expect("expire");
    assert_eq!(
        forget_id_numbers(&shop.state.db, clock, 90)
            .await
            .expect("forget"),
        2
    );
    assert!(!sealed(shipped).await);
    assert!(!sealed(cancelled).await);
    assert!(sealed(unpaid).await, "not before its own 90 days");
}

/// The ID number goes through placing, a refused variant of it, paying, a
/// refund and the retention sweep, with every log line kept at every level:
/// no line holds the number, its birth date or its region and date together.
#[tokio::test]
async fn no_log_line_holds_the_id_number() {
    let (logs, _guard) = crate::common::logs::Logs::capture();
    let shop = Shop::new().await;
    let o = shop
        .order_of(
            json!([{"sku": "AL-500G", "qty": 1}]),
            identity(),
            "privacy-log-order-1",
        )
        .await;
    let id = o["id"].as_str().expect("id");
    // A mistyped number (its check character wrong) is refused, and not logged either.
    let wrong = json!({"lines": [{"sku": "AL-500G", "qty": 1}],
        "address": crate::common::address(),
        "identity": {"name": "张三", "id_number": "110105194912310021"}});
    let (status, _) = shop
        .post("/api/orders", &wrong, Some("privacy-log-order-2"))
        .await;
    assert_eq!(status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
    let (_, start) = shop.pay(id, "alipay", "privacy-log-pay-01").await;
    shop.choose(start["payment_id"].as_str().expect("payment"), "succeeded")
        .await;
    let st = &shop.state;
    haitao_server::orders::refunds::refund_order(&st.db, &st.clock, st.payments.as_ref(), id)
        .await
        .expect("refund");
    st.clock.advance(Duration::from_secs(91 * 24 * 3600));
    forget_id_numbers(&st.db, &st.clock, 90)
        .await
        .expect("sweep");
    let text = logs.text();
    assert!(text.contains(id), "the run was logged: {text}");
    for needle in [ID, "110105194912310021", "19491231", "1101051949"] {
        assert!(!text.contains(needle), "{needle} in the log:\n{text}");
    }
}

/// The seller of every line of `order` sends it all in one parcel.
async fn ship_all(shop: &Shop, order: &str) {
    let st = &shop.state;
    haitao_server::sellers::operator::invite(
        &st.db,
        st.mailer.as_ref(),
        "golden-valley-nuts",
        "nuts@golden-valley.example",
        &haitao_server::sellers::operator::NewSeller {
            name_en: None,
            name_zh: None,
            state: None,
        },
        &st.clock.stamp(),
        "http://shop.test/seller",
    )
    .await
    .expect("invited");
    let (shipment, seller, user): (i64, i64, i64) = sqlx::query_as(
        "SELECT s.id, s.seller_id, u.id FROM shipments s JOIN seller_users u ON u.seller_id = s.seller_id
          WHERE s.order_id = $1",
    )
    .bind(order)
    .fetch_one(&st.db)
    .await
    .expect("a shipment");
    let parcel = haitao_core::seller::NewParcel {
        carrier: "ups".into(),
        waybill: "1Z999AA10123456784".into(),
        lines: vec![haitao_core::seller::ParcelLine {
            sku: "AL-500G".into(),
            qty: 1,
        }],
    };
    haitao_server::orders::shipments::add_parcel(
        &st.db,
        &st.clock,
        seller,
        user,
        shipment,
        "retention-parcel-1",
        &parcel,
    )
    .await
    .expect("shipped");
}
