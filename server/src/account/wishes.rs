//! "Notify me at harvest": a shopper asks to be told when out-of-season
//! produce can be bought again; when its season opens (in China's calendar)
//! and it is in stock, each waiting shopper gets one SMS and the wish is
//! deleted (the privacy policy promises no longer).

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
}

/// Waits for `slug`'s season.
/// Produce on sale now cannot be waited for: 409 `in_season`.
pub async fn add(st: &AppState, account: i64, slug: &str) -> ApiResult<()> {
    let mut tx = crate::infra::db::begin_write(&st.db).await?;
    crate::infra::db::lock(&mut tx, crate::infra::db::Row::Account(account)).await?;
    let product: SeasonRow = sqlx::query_as(
        "SELECT id, season_from, season_to FROM products WHERE slug = $1 AND status = 'published'",
    )
    .bind(slug)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| ApiError::not_found("product").field("product"))?;
    if crate::catalog::opens(
        Season::from_months(product.season_from, product.season_to),
        &st.clock,
    )
    .is_none()
    {
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

/// A product someone waits for, its season known.
#[derive(sqlx::FromRow)]
struct WaitedRow {
    id: i64,
    season_from: i64,
    season_to: i64,
}

/// Tells the shoppers whose produce is in season and in stock now: one SMS
/// per shopper per round, however many of their wishes opened. How many
/// shoppers were told.
pub async fn notify_opened(st: &AppState) -> Result<usize, sqlx::Error> {
    let waiting: Vec<WaitedRow> = sqlx::query_as(
        "SELECT DISTINCT p.id, p.season_from, p.season_to FROM harvest_wishes w
           JOIN products p ON p.id = w.product_id
          WHERE p.status = 'published'
            AND p.season_from IS NOT NULL AND p.season_to IS NOT NULL
            AND EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id AND v.stock > 0)",
    )
    .fetch_all(&st.db)
    .await?;
    let opened: Vec<i64> = waiting
        .into_iter()
        .filter(|p| {
            crate::catalog::opens(
                Season::from_months(Some(p.season_from), Some(p.season_to)),
                &st.clock,
            )
            .is_none()
        })
        .map(|p| p.id)
        .collect();
    if opened.is_empty() {
        return Ok(0);
    }
    let marks = crate::infra::db::placeholders(1, opened.len());
    let mut tx = crate::infra::db::begin_write(&st.db).await?;
    // One process tells each waiter once.
    crate::infra::db::lock(&mut tx, crate::infra::db::Row::Mark("harvest-wishes")).await?;
    let who_sql =
        format!("SELECT DISTINCT account_id FROM harvest_wishes WHERE product_id IN ({marks})");
    let mut who = sqlx::query_as::<_, (i64,)>(&who_sql);
    for id in &opened {
        who = who.bind(*id);
    }
    let accounts = who.fetch_all(&mut *tx).await?;
    let done_sql = format!("DELETE FROM harvest_wishes WHERE product_id IN ({marks})");
    let mut done = sqlx::query(&done_sql);
    for id in &opened {
        done = done.bind(*id);
    }
    done.execute(&mut *tx).await?;
    for (account,) in &accounts {
        notices::enqueue(&mut tx, &st.clock, *account, Notice::Harvest).await?;
    }
    tx.commit().await?;
    Ok(accounts.len())
}
