//! What the operator does to sellers from the command line
//! (`haitao-server seller …`): make one and invite its owner, list them,
//! suspend one, record its verification.

use haitao_core::seller::SellerRole;
use sqlx::AnyPool;

use super::users::{self, Inviter};
use crate::catalog::stock::CatalogWrite;
use crate::infra::error::ApiError;
use crate::mail::Mailer;

/// A new seller's names and state (`seller invite` of a slug not in the shop).
pub struct NewSeller<'a> {
    pub name_en: Option<&'a str>,
    pub name_zh: Option<&'a str>,
    pub state: Option<&'a str>,
}

/// A slug as the shop's addresses carry it: lowercase letters, digits, dashes.
fn check_slug(slug: &str) -> Result<(), String> {
    let fine = !slug.is_empty()
        && slug.len() <= 60
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if fine {
        Ok(())
    } else {
        Err(format!(
            "seller {slug:?}: a slug is lowercase letters, digits and dashes (cascade-orchards)"
        ))
    }
}

/// The seller's id, making it first when it is new.
async fn seller_id(pool: &AnyPool, slug: &str, new: &NewSeller<'_>) -> Result<i64, String> {
    let db = |e: sqlx::Error| e.to_string();
    if let Some((id,)) = sqlx::query_as::<_, (i64,)>("SELECT id FROM sellers WHERE slug = $1")
        .bind(slug)
        .fetch_optional(pool)
        .await
        .map_err(db)?
    {
        return Ok(id);
    }
    check_slug(slug)?;
    let (Some(en), Some(zh), Some(state)) = (
        new.name_en.map(str::trim).filter(|s| !s.is_empty()),
        new.name_zh.map(str::trim).filter(|s| !s.is_empty()),
        new.state.map(str::trim),
    ) else {
        return Err(format!(
            "no seller {slug:?} in the shop: give --name-en, --name-zh and --state to make it"
        ));
    };
    if !haitao_core::us_states::is_us_state(state) {
        return Err(format!(
            "--state {state:?}: a US state's two letters (CA, WA...)"
        ));
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO sellers (slug, name_zh, name_en, state) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(slug)
    .bind(zh)
    .bind(en)
    .bind(state)
    .fetch_one(pool)
    .await
    .map_err(db)?;
    tracing::info!(seller = slug, "seller made");
    Ok(id)
}

/// Makes `email` an owner of seller `slug` (made first if new) and mails them.
pub async fn invite(
    pool: &AnyPool,
    mailer: &dyn Mailer,
    slug: &str,
    email: &str,
    new: &NewSeller<'_>,
    now: &str,
    sign_in_url: &str,
) -> Result<(), String> {
    let seller = seller_id(pool, slug, new).await?;
    users::invite(
        pool,
        mailer,
        users::Invitation {
            seller,
            email,
            role: SellerRole::Owner,
            by: Inviter::Operator,
        },
        now,
        sign_in_url,
    )
    .await
    .map(|_| ())
    .map_err(|e: ApiError| e.message)
}

/// A seller as the operator's list shows it.
#[derive(sqlx::FromRow)]
pub struct Listed {
    pub slug: String,
    pub name_en: String,
    pub users: i64,
    pub products: i64,
    pub suspended_at: Option<String>,
    pub verified_on: Option<String>,
}

pub async fn list(pool: &AnyPool) -> Result<Vec<Listed>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.slug, s.name_en,
                (SELECT COUNT(*) FROM seller_users u WHERE u.seller_id = s.id AND u.removed_at IS NULL) AS users,
                (SELECT COUNT(*) FROM products p WHERE p.seller_id = s.id) AS products,
                s.suspended_at, CASE WHEN s.verified = 1 THEN s.verified_on END AS verified_on
           FROM sellers s ORDER BY s.slug",
    )
    .fetch_all(pool)
    .await
}

/// Suspends seller `slug` or lifts it. Suspended, its users' sessions end
/// and its products go off sale (drafts, marked as held); lifted, the
/// products the suspension held are on sale again.
pub async fn suspend(pool: &AnyPool, slug: &str, lift: bool, now: &str) -> Result<(), String> {
    let db = |e: sqlx::Error| e.to_string();
    // Listings change: through the catalog's one writer, which the serving
    // processes follow.
    let mut tx = CatalogWrite::begin_editing(pool).await.map_err(db)?;
    let done = sqlx::query("UPDATE sellers SET suspended_at = $1 WHERE slug = $2")
        .bind((!lift).then_some(now))
        .bind(slug)
        .execute(&mut **tx.tx())
        .await
        .map_err(db)?;
    if done.rows_affected() == 0 {
        tx.rollback().await.map_err(db)?;
        return Err(format!("no seller {slug:?}"));
    }
    let (from, held) = if lift { ("draft", 1) } else { ("published", 0) };
    let moved: Vec<(i64,)> = sqlx::query_as(
        "SELECT p.id FROM products p JOIN sellers s ON s.id = p.seller_id
          WHERE s.slug = $1 AND p.status = $2 AND p.held_by_suspension = $3
          ORDER BY p.id",
    )
    .bind(slug)
    .bind(from)
    .bind(held)
    .fetch_all(&mut **tx.tx())
    .await
    .map_err(db)?;
    let (to, hold) = if lift { ("published", 0) } else { ("draft", 1) };
    // By id, the order a payment's or a refund's sales take products in
    // (stock.rs, `hold_in_order`).
    for (id,) in &moved {
        sqlx::query("UPDATE products SET status = $1, held_by_suspension = $2 WHERE id = $3")
            .bind(to)
            .bind(hold)
            .bind(id)
            .execute(&mut **tx.tx())
            .await
            .map_err(db)?;
    }
    if !lift {
        sqlx::query(
            "DELETE FROM seller_sessions WHERE user_id IN
               (SELECT u.id FROM seller_users u JOIN sellers s ON s.id = u.seller_id WHERE s.slug = $1)",
        )
        .bind(slug)
        .execute(&mut **tx.tx())
        .await
        .map_err(db)?;
    }
    let ids: Vec<i64> = moved.into_iter().map(|(id,)| id).collect();
    tx.products_changed(&ids).await.map_err(db)?;
    tx.commit_elsewhere().await.map_err(db)?;
    Ok(())
}

/// Records the shop's check of seller `slug`: the day and what was checked.
pub async fn verify(pool: &AnyPool, slug: &str, on: &str, note: &str) -> Result<(), String> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(on, &fmt).map_err(|_| format!("--on {on:?}: a day like 2026-12-01"))?;
    let note = note.trim();
    if note.is_empty() {
        return Err("--note: say what was checked, and by whom".into());
    }
    let db = |e: sqlx::Error| e.to_string();
    // Listing cards show a verified seller: its products' cards change.
    let mut tx = CatalogWrite::begin_editing(pool).await.map_err(db)?;
    let done = sqlx::query(
        "UPDATE sellers SET verified = 1, verified_on = $1, verified_note = $2 WHERE slug = $3",
    )
    .bind(on)
    .bind(note)
    .bind(slug)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    if done.rows_affected() == 0 {
        return Err(format!("no seller {slug:?}"));
    }
    let products: Vec<(i64,)> = sqlx::query_as(
        "SELECT p.id FROM products p JOIN sellers s ON s.id = p.seller_id WHERE s.slug = $1",
    )
    .bind(slug)
    .fetch_all(&mut *tx)
    .await
    .map_err(db)?;
    let ids: Vec<i64> = products.into_iter().map(|(id,)| id).collect();
    tx.products_changed(&ids).await.map_err(db)?;
    tx.commit_elsewhere().await.map_err(db)
}
