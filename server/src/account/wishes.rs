//! "Notify me at harvest" and "notify me when it is back": a shopper asks to
//! be told when out-of-season produce, or a product sold out (a drop gone in
//! a minute), can be bought again; when its season opens (in China's
//! calendar) and it is in stock (an expired or cancelled order, a seller's
//! new stock), each waiting shopper gets one SMS and the wish is deleted (the
//! privacy policy promises no longer).

use axum::http::StatusCode;
use haitao_core::api::Season;
use haitao_core::ErrorCode;

use crate::infra::error::{ApiError, ApiResult};
use crate::sms::{notices, Notice};
use crate::state::AppState;

/// The products the account waits for (slugs), newest wish first.
pub async fn list(st: &AppState, account: i64) -> ApiResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT p.slug FROM harvest_wishes w JOIN products p ON p.id = w.product_id
          WHERE w.account_id = $1 ORDER BY w.created_at DESC, p.slug",
    )
    .bind(account)
    .fetch_all(&st.db)
    .await?;
    Ok(rows.into_iter().map(|(s,)| s).collect())
}

/// A published product and its season's months.
#[derive(sqlx::FromRow)]
struct SeasonRow {
    id: i64,
    season_from: Option<i64>,
    season_to: Option<i64>,
    presale_from: Option<String>,
    presale_to: Option<String>,
    in_stock: i64,
}

/// Waits for `slug`'s season, or for it to be back in stock. A product
/// on sale now cannot be waited for: 409 `in_season`.
pub async fn add(st: &AppState, account: i64, slug: &str) -> ApiResult<()> {
    let mut tx = crate::infra::db::begin_write(&st.db).await?;
    crate::infra::db::lock(&mut tx, crate::infra::db::Row::Account(account)).await?;
    let product: SeasonRow = sqlx::query_as(
        "SELECT id, season_from, season_to, presale_from, presale_to,
                CAST(EXISTS (SELECT 1 FROM variants v WHERE v.product_id = products.id AND v.stock > 0) AS INTEGER) AS in_stock
           FROM products WHERE slug = $1 AND status = 'published'",
    )
    .bind(slug)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| ApiError::not_found("product").field("product"))?;
    // On pre-sale, it is sold now.
    let in_season = crate::catalog::selling(
        Season::from_months(product.season_from, product.season_to),
        crate::catalog::rows::window(
            product.presale_from.as_deref(),
            product.presale_to.as_deref(),
        ),
        &st.clock,
    )
    .opens
    .is_none();
    if in_season && product.in_stock != 0 {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::InSeason,
            format!("{slug} is on sale now"),
        )
        .field("product"));
    }
    sqlx::query(
        "INSERT INTO harvest_wishes (account_id, product_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (account_id, product_id) DO NOTHING",
    )
    .bind(account)
    .bind(product.id)
    .bind(st.clock.stamp())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Stops waiting for `slug` (waiting for nothing is not an error).
pub async fn remove(st: &AppState, account: i64, slug: &str) -> ApiResult<()> {
    sqlx::query(
        "DELETE FROM harvest_wishes WHERE account_id = $1
            AND product_id IN (SELECT id FROM products WHERE slug = $2)",
    )
    .bind(account)
    .bind(slug)
    .execute(&st.db)
    .await?;
    Ok(())
}

/// A product someone waits for, in stock now, and its season if it has one.
#[derive(sqlx::FromRow)]
struct WaitedRow {
    id: i64,
    season_from: Option<i64>,
    season_to: Option<i64>,
}

/// Tells the shoppers whose produce is in season and in stock now, or whose
/// sold-out product is back: one SMS per shopper per round and kind,
/// however many of their wishes came true. How many messages were queued.
pub async fn notify_opened(st: &AppState) -> Result<usize, sqlx::Error> {
    let waiting: Vec<WaitedRow> = sqlx::query_as(
        "SELECT DISTINCT p.id, p.season_from, p.season_to FROM harvest_wishes w
           JOIN products p ON p.id = w.product_id
          WHERE p.status = 'published'
            AND EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id AND v.stock > 0)",
    )
    .fetch_all(&st.db)
    .await?;
    let (mut harvests, mut returns) = (Vec::new(), Vec::new());
    for p in waiting {
        let season = Season::from_months(p.season_from, p.season_to);
        if crate::catalog::opens(season, &st.clock).is_some() {
            continue;
        }
        if p.season_from.is_some() && p.season_to.is_some() {
            harvests.push(p.id);
        } else {
            returns.push(p.id);
        }
    }
    if harvests.is_empty() && returns.is_empty() {
        return Ok(0);
    }
    let mut tx = crate::infra::db::begin_write(&st.db).await?;
    // One process tells each waiter once.
    crate::infra::db::lock(&mut tx, crate::infra::db::Row::Mark("harvest-wishes")).await?;
    let mut told = 0;
    for (products, notice) in [(harvests, Notice::Harvest), (returns, Notice::BackInStock)] {
        if products.is_empty() {
            continue;
        }
        let marks = crate::infra::db::placeholders(1, products.len());
        let who_sql =
            format!("SELECT DISTINCT account_id FROM harvest_wishes WHERE product_id IN ({marks})");
        let mut who = sqlx::query_as::<_, (i64,)>(&who_sql);
        for id in &products {
            who = who.bind(*id);
        }
        let accounts = who.fetch_all(&mut *tx).await?;
        let done_sql = format!("DELETE FROM harvest_wishes WHERE product_id IN ({marks})");
        let mut done = sqlx::query(&done_sql);
        for id in &products {
            done = done.bind(*id);
        }
        done.execute(&mut *tx).await?;
        for (account,) in &accounts {
            notices::enqueue(&mut tx, &st.clock, *account, notice).await?;
        }
        told += accounts.len();
    }
    tx.commit().await?;
    Ok(told)
}
