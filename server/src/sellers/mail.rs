//! The shop's mails to sellers' users, through an outbox (`seller_mails`,
//! as `notices` for shoppers): a paid order that reached their seller
//! (queued with the payment, orders/shipments.rs) and, once a day from eight
//! in the morning in China, a digest of what is still to ship. Each user
//! chooses their language and may switch the mails off.

use haitao_core::api::OrderStatus;
use haitao_core::text::Lang;
use sqlx::AnyPool;

use crate::infra::clock::Clock;
use crate::infra::db::words;
use crate::mail::{Mail, Mailer};
use crate::sms::notices::backoff;

/// Tries before a mail is given up (the log says so).
const MAX_TRIES: i64 = 8;
const BATCH: i64 = 50;
/// The hour in China from which the day's digest goes out.
const DIGEST_HOUR: u8 = 8;

/// Queues the day's digest for every user who gets mails, has not had
/// today's and whose seller has something to ship; how many.
pub async fn queue_digests(pool: &AnyPool, clock: &Clock) -> Result<u64, sqlx::Error> {
    let china = clock.now().to_offset(time::macros::offset!(+8));
    if china.hour() < DIGEST_HOUR {
        return Ok(0);
    }
    let today = china.date().to_string();
    let now = clock.stamp();
    let mut tx = crate::infra::db::begin_write(pool).await?;
    // One process decides the day's digests.
    crate::infra::db::lock(&mut tx, crate::infra::db::Row::Mark("seller-digests")).await?;
    let due = format!(
        "SELECT u.id FROM seller_users u JOIN sellers se ON se.id = u.seller_id
          WHERE u.removed_at IS NULL AND u.mail_orders = 1 AND se.suspended_at IS NULL
            AND (u.digest_on IS NULL OR u.digest_on < $1)
            AND EXISTS (SELECT 1 FROM shipments s JOIN orders o ON o.id = s.order_id
                         WHERE s.seller_id = u.seller_id AND s.shipped_at IS NULL
                           AND o.status IN ({}) AND {})",
        words(OrderStatus::PAID.map(OrderStatus::as_str)),
        crate::customs::due("o.", "$1")
    );
    let users: Vec<(i64,)> = sqlx::query_as(&due)
        .bind(&today)
        .fetch_all(&mut *tx)
        .await?;
    // Today's digest is decided once, at the first round after the hour: a
    // seller with nothing to ship then gets none until tomorrow's.
    sqlx::query(
        "UPDATE seller_users SET digest_on = $1 WHERE removed_at IS NULL AND (digest_on IS NULL OR digest_on < $1)",
    )
    .bind(&today)
    .execute(&mut *tx)
    .await?;
    for (user,) in &users {
        sqlx::query(
            "INSERT INTO seller_mails (user_id, kind, created_at, next_try_at) VALUES ($1, 'digest', $2, $2)",
        )
        .bind(user)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(users.len() as u64)
}

/// A mail due, with what it is about.
#[derive(sqlx::FromRow)]
struct DueRow {
    id: i64,
    kind: String,
    order_id: Option<String>,
    email: String,
    lang: String,
    seller_id: i64,
    seller_en: String,
    seller_zh: String,
    tries: i64,
}

/// Units of the seller's lines in `order`, or of every shipment due
/// (`None`: a pre-sale's from its window's first day, `today`), and how many
/// shipments.
async fn to_ship(
    pool: &AnyPool,
    seller: i64,
    order: Option<&str>,
    today: &str,
) -> Result<(i64, i64), sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(DISTINCT s.id), CAST(COALESCE(SUM(l.qty), 0) AS BIGINT)
           FROM shipments s JOIN orders o ON o.id = s.order_id
           JOIN order_lines l ON l.order_id = s.order_id AND l.seller_id = s.seller_id
          WHERE s.seller_id = $1 AND s.shipped_at IS NULL AND o.status IN ({}) AND ($2 IS NULL OR s.order_id = $3)
            AND ($3 IS NOT NULL OR {})",
        words(OrderStatus::PAID.map(OrderStatus::as_str)),
        crate::customs::due("o.", "$4")
    );
    sqlx::query_as(&sql)
        .bind(seller)
        .bind(order)
        .bind(order)
        .bind(today)
        .fetch_one(pool)
        .await
}

/// Sends the mails that are due; how many went out.
pub async fn send_due(
    pool: &AnyPool,
    clock: &Clock,
    mailer: &dyn Mailer,
    base_url: &str,
) -> Result<usize, sqlx::Error> {
    let due: Vec<DueRow> = sqlx::query_as(
        "SELECT m.id, m.kind, m.order_id, u.email, u.lang, u.seller_id, se.name_en AS seller_en,
                se.name_zh AS seller_zh, m.tries
           FROM seller_mails m JOIN seller_users u ON u.id = m.user_id JOIN sellers se ON se.id = u.seller_id
          WHERE m.sent_at IS NULL AND m.next_try_at <= $1 AND m.tries < $2
            AND u.removed_at IS NULL AND u.mail_orders = 1 AND se.suspended_at IS NULL
          ORDER BY m.next_try_at, m.id LIMIT $3",
    )
    .bind(clock.stamp())
    .bind(MAX_TRIES)
    .bind(BATCH)
    .fetch_all(pool)
    .await?;
    let mut sent = 0;
    let today = clock.today_in_china();
    for m in due {
        let (shipments, units) = to_ship(pool, m.seller_id, m.order_id.as_deref(), &today).await?;
        if units == 0 {
            // Shipped, cancelled or refunded meanwhile: nothing to tell.
            sqlx::query("UPDATE seller_mails SET sent_at = $2 WHERE id = $1")
                .bind(m.id)
                .bind(clock.stamp())
                .execute(pool)
                .await?;
            continue;
        }
        let lang = Lang::from_tag(&m.lang).unwrap_or(Lang::EnUs);
        let mail = compose(&m, lang, shipments, units, &format!("{base_url}/seller"));
        match mailer.send(&mail).await {
            Ok(()) => {
                sqlx::query("UPDATE seller_mails SET sent_at = $2 WHERE id = $1")
                    .bind(m.id)
                    .bind(clock.stamp())
                    .execute(pool)
                    .await?;
                sent += 1;
            }
            Err(err) => {
                let tries = m.tries + 1;
                tracing::warn!(mail = m.id, kind = %m.kind, tries, "seller mail not sent: {err}");
                sqlx::query("UPDATE seller_mails SET tries = $2, next_try_at = $3 WHERE id = $1")
                    .bind(m.id)
                    .bind(tries)
                    .bind(clock.stamp_in(backoff(tries)))
                    .execute(pool)
                    .await?;
            }
        }
    }
    Ok(sent)
}

fn compose(m: &DueRow, lang: Lang, shipments: i64, units: i64, centre: &str) -> Mail {
    let order = m.order_id.as_deref().unwrap_or("");
    let (subject, text) = match (m.kind.as_str(), lang) {
        ("order", Lang::EnUs) => (
            format!("New order {order} for {}: {units} unit(s) to ship", m.seller_en),
            format!(
                "A shopper in China has paid for order {order}: {units} unit(s) of {seller}'s to pack and ship.\n\
                 Open it in the seller centre for the packing slip and the recipient's address: {centre}\n\n\
                 You get this mail because you run {seller} on haitao; switch these mails off in the seller centre.\n",
                seller = m.seller_en
            ),
        ),
        ("order", Lang::ZhCn) => (
            format!("新订单 {order}：{} 有 {units} 件商品待发货", m.seller_zh),
            format!(
                "中国的买家已为订单 {order} 付款：{seller} 有 {units} 件商品待打包发货。\n\
                 请在卖家中心打开订单，查看装箱单和收件地址：{centre}\n\n\
                 您收到这封邮件，是因为您在海淘上管理 {seller}；可在卖家中心关闭此类邮件。\n",
                seller = m.seller_zh
            ),
        ),
        (_, Lang::EnUs) => (
            format!("{}: {shipments} shipment(s) still to ship", m.seller_en),
            format!(
                "{seller} has {shipments} shipment(s), {units} unit(s), paid and not yet shipped.\n\
                 See them, oldest first, in the seller centre: {centre}\n\n\
                 You get this daily mail because you run {seller} on haitao; switch it off in the seller centre.\n",
                seller = m.seller_en
            ),
        ),
        (_, Lang::ZhCn) => (
            format!("{}：还有 {shipments} 个包裹待发货", m.seller_zh),
            format!(
                "{seller} 还有 {shipments} 个已付款未发货的订单包裹，共 {units} 件。\n\
                 请在卖家中心按付款先后查看：{centre}\n\n\
                 您每天收到这封邮件，是因为您在海淘上管理 {seller}；可在卖家中心关闭。\n",
                seller = m.seller_zh
            ),
        ),
    };
    Mail {
        to: m.email.clone(),
        subject,
        text,
    }
}
