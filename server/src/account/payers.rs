//! Payers saved in the account (实名认证信息): the real name, the masked ID
//! number, the allowance hash, and the full number sealed as orders seal it,
//! under associated data of its own. Nothing here ever decrypts it: an order
//! placed with a saved payer copies the sealed number for the customs
//! declaration.

use axum::http::StatusCode;
use haitao_core::api::{Identity, SavedPayer};
use haitao_core::{validate, ErrorCode};

use crate::customs::quota;
use crate::infra::error::{ApiError, ApiResult};
use crate::infra::secret::Secret;
use crate::state::AppState;

pub const MAX_PAYERS: i64 = 10;

/// A saved payer as an order takes it.
#[derive(sqlx::FromRow)]
pub struct SealedPayer {
    pub name: String,
    pub id_masked: String,
    pub id_hash: String,
    pub id_sealed: String,
    pub seal_aad: String,
}

#[derive(sqlx::FromRow)]
struct ListedRow {
    id: i64,
    name: String,
    id_masked: String,
    id_hash: String,
}

pub async fn list(st: &AppState, account: i64) -> ApiResult<Vec<SavedPayer>> {
    let rows: Vec<ListedRow> = sqlx::query_as(
        "SELECT id, name, id_masked, id_hash FROM payers WHERE account_id = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(account)
    .fetch_all(&st.db)
    .await?;
    let mut payers = Vec::with_capacity(rows.len());
    for r in rows {
        let used_this_year = if quota::speaks_for(&st.db, Some(account), &r.id_hash).await? {
            Some(quota::used(&st.db, &st.clock, &r.id_hash, "", quota::Count::Paid).await?)
        } else {
            None
        };
        payers.push(SavedPayer {
            id: r.id,
            name: r.name,
            id_masked: r.id_masked,
            used_this_year,
        });
    }
    Ok(payers)
}

pub async fn sealed(st: &AppState, account: i64, id: i64) -> ApiResult<Option<SealedPayer>> {
    Ok(sqlx::query_as(
        "SELECT name, id_masked, id_hash, id_sealed, seal_aad FROM payers WHERE id = $1 AND account_id = $2",
    )
    .bind(id)
    .bind(account)
    .fetch_optional(&st.db)
    .await?)
}

#[derive(sqlx::FromRow)]
struct KnownRow {
    id: i64,
    name: String,
    id_masked: String,
}

/// Saves a payer (the same number again: the one saved before).
pub async fn add(
    st: &AppState,
    account: i64,
    who: &Identity,
) -> ApiResult<(StatusCode, SavedPayer)> {
    check_identity(who)?;
    let hash = id_hash(&st.keys.id_hash, &who.id_number);
    let mut tx = crate::infra::db::begin_write(&st.db).await?;
    crate::infra::db::lock(&mut tx, crate::infra::db::Row::Account(account)).await?;
    let known: Option<KnownRow> = sqlx::query_as(
        "SELECT id, name, id_masked FROM payers WHERE account_id = $1 AND id_hash = $2",
    )
    .bind(account)
    .bind(&hash)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(known) = known {
        return Ok((
            StatusCode::OK,
            SavedPayer {
                id: known.id,
                name: known.name,
                id_masked: known.id_masked,
                used_this_year: None,
            },
        ));
    }
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM payers WHERE account_id = $1")
        .bind(account)
        .fetch_one(&mut *tx)
        .await?;
    if n >= MAX_PAYERS {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::BookFull,
            "the list of payers is full",
        ));
    }
    let aad = format!("payer:{account}:{}", uuid::Uuid::new_v4().simple());
    let name = who.name.trim().to_owned();
    let id_masked = validate::mask_id_number(&who.id_number);
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO payers (account_id, name, id_masked, id_hash, id_sealed, seal_aad, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(account)
    .bind(&name)
    .bind(&id_masked)
    .bind(&hash)
    .bind(st.keys.id_seal.seal(&aad, &who.id_number))
    .bind(&aad)
    .bind(st.clock.stamp())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        SavedPayer {
            id,
            name,
            id_masked,
            used_this_year: None,
        },
    ))
}

pub async fn delete(st: &AppState, account: i64, id: i64) -> ApiResult<()> {
    let gone = sqlx::query("DELETE FROM payers WHERE id = $1 AND account_id = $2")
        .bind(id)
        .bind(account)
        .execute(&st.db)
        .await?;
    if gone.rows_affected() == 0 {
        return Err(ApiError::not_found("payer"));
    }
    Ok(())
}

/// Today's date in China, where the shopper's ID card was issued.
pub fn today_in_china() -> validate::Date {
    let d = time::OffsetDateTime::now_utc()
        .to_offset(time::macros::offset!(+8))
        .date();
    validate::Date {
        year: d.year() as u16,
        month: d.month() as u8,
        day: d.day(),
    }
}

pub fn check_identity(i: &Identity) -> ApiResult<()> {
    validate::person_name(&i.name).map_err(|c| ApiError::invalid(c, "identity.name"))?;
    validate::id_number(&i.id_number, today_in_china())
        .map_err(|c| ApiError::invalid(c, "identity.id_number"))
}

/// The ID number's keyed hash: equal numbers give equal hashes (for the
/// quota), and without the server's key (never in the database) the number
/// cannot be recovered from it by trying the few billion possible numbers.
pub fn id_hash(secret: &Secret, id_number: &str) -> String {
    secret.mac(&[b"id", id_number.trim().to_ascii_uppercase().as_bytes()])
}
