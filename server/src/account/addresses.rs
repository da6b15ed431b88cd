//! The account's address book: the same checks as the checkout, at most a
//! few dozen addresses, one of them the default. Answers mask the mobile; an
//! edit that sends the masked mobile back keeps the stored one.

use axum::http::StatusCode;
use haitao_core::api::{Address, SavedAddress};
use haitao_core::{validate, ErrorCode};

use crate::infra::error::{ApiError, ApiResult};
use crate::state::AppState;

pub const MAX_ADDRESSES: i64 = 20;

fn masked(mut a: Address) -> Address {
    a.mobile = validate::mask_mobile(&a.mobile);
    a
}

/// A saved address; `is_default` is 0 or 1.
#[derive(sqlx::FromRow)]
struct ListedRow {
    id: i64,
    address_json: String,
    is_default: i64,
}

pub async fn list(st: &AppState, account: i64) -> ApiResult<Vec<SavedAddress>> {
    let rows: Vec<ListedRow> = sqlx::query_as(
        "SELECT id, address_json, is_default FROM addresses WHERE account_id = $1 ORDER BY is_default DESC, updated_at DESC, id DESC",
    )
    .bind(account)
    .fetch_all(&st.db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(SavedAddress {
                id: r.id,
                address: masked(serde_json::from_str(&r.address_json)?),
                is_default: r.is_default != 0,
            })
        })
        .collect()
}

/// The full address (mobile unmasked) of the account's address `id`.
pub async fn full(st: &AppState, account: i64, id: i64) -> ApiResult<Option<Address>> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT address_json FROM addresses WHERE id = $1 AND account_id = $2")
            .bind(id)
            .bind(account)
            .fetch_optional(&st.db)
            .await?;
    row.map(|(json,)| serde_json::from_str(&json).map_err(ApiError::from))
        .transpose()
}

fn trimmed(a: &Address) -> Address {
    Address {
        recipient: a.recipient.trim().to_owned(),
        mobile: a.mobile.trim().to_owned(),
        province: a.province.trim().to_owned(),
        city: a.city.trim().to_owned(),
        district: a.district.trim().to_owned(),
        street: a.street.trim().to_owned(),
        postcode: a.postcode.trim().to_owned(),
    }
}

/// Adds an address; the first one is the default.
pub async fn add(st: &AppState, account: i64, a: &Address) -> ApiResult<SavedAddress> {
    let a = trimmed(a);
    check_address(&a, &st.regions)?;
    let now = st.clock.stamp();
    let mut tx = crate::infra::db::begin_write(&st.db).await?;
    crate::infra::db::lock(&mut tx, crate::infra::db::Row::Account(account)).await?;
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM addresses WHERE account_id = $1")
        .bind(account)
        .fetch_one(&mut *tx)
        .await?;
    if n >= MAX_ADDRESSES {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::BookFull,
            "the address book is full",
        ));
    }
    let id: (i64,) = sqlx::query_as(
        "INSERT INTO addresses (account_id, address_json, is_default, created_at, updated_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(account)
    .bind(serde_json::to_string(&a)?)
    .bind(i64::from(n == 0))
    .bind(&now)
    .bind(&now)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(SavedAddress {
        id: id.0,
        address: masked(a),
        is_default: n == 0,
    })
}

/// Replaces an address. A mobile sent back masked keeps the stored one.
pub async fn update(st: &AppState, account: i64, id: i64, a: &Address) -> ApiResult<SavedAddress> {
    let stored = full(st, account, id)
        .await?
        .ok_or_else(|| ApiError::not_found("address"))?;
    let mut a = trimmed(a);
    if a.mobile.contains('*') && a.mobile == validate::mask_mobile(&stored.mobile) {
        a.mobile = stored.mobile;
    }
    check_address(&a, &st.regions)?;
    sqlx::query(
        "UPDATE addresses SET address_json = $1, updated_at = $2 WHERE id = $3 AND account_id = $4",
    )
    .bind(serde_json::to_string(&a)?)
    .bind(st.clock.stamp())
    .bind(id)
    .bind(account)
    .execute(&st.db)
    .await?;
    list(st, account)
        .await?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| ApiError::not_found("address"))
}

/// Makes `id` the default.
pub async fn make_default(st: &AppState, account: i64, id: i64) -> ApiResult<Vec<SavedAddress>> {
    let mut tx = crate::infra::db::begin_write(&st.db).await?;
    crate::infra::db::lock(&mut tx, crate::infra::db::Row::Account(account)).await?;
    let found = sqlx::query("UPDATE addresses SET is_default = CASE WHEN id = $1 THEN 1 ELSE 0 END WHERE account_id = $2")
        .bind(id)
        .bind(account)
        .execute(&mut *tx)
        .await?;
    let (exists,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM addresses WHERE id = $1 AND account_id = $2")
            .bind(id)
            .bind(account)
            .fetch_one(&mut *tx)
            .await?;
    if found.rows_affected() == 0 || exists == 0 {
        return Err(ApiError::not_found("address"));
    }
    tx.commit().await?;
    list(st, account).await
}

/// Deletes an address; if it was the default, the most recent other one is.
pub async fn delete(st: &AppState, account: i64, id: i64) -> ApiResult<()> {
    let mut tx = crate::infra::db::begin_write(&st.db).await?;
    crate::infra::db::lock(&mut tx, crate::infra::db::Row::Account(account)).await?;
    let gone = sqlx::query("DELETE FROM addresses WHERE id = $1 AND account_id = $2")
        .bind(id)
        .bind(account)
        .execute(&mut *tx)
        .await?;
    if gone.rows_affected() == 0 {
        return Err(ApiError::not_found("address"));
    }
    sqlx::query(
        "UPDATE addresses SET is_default = 1 WHERE id = (SELECT id FROM addresses WHERE account_id = $1 ORDER BY updated_at DESC, id DESC LIMIT 1)
           AND NOT EXISTS (SELECT 1 FROM addresses WHERE account_id = $1 AND is_default = 1)",
    )
    .bind(account)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub fn check_address(a: &Address, regions: &[haitao_core::regions::Province]) -> ApiResult<()> {
    validate::person_name(&a.recipient).map_err(|c| ApiError::invalid(c, "address.recipient"))?;
    validate::mobile(a.mobile.trim()).map_err(|c| ApiError::invalid(c, "address.mobile"))?;
    for (value, field) in [
        (&a.province, "address.province"),
        (&a.city, "address.city"),
        (&a.district, "address.district"),
    ] {
        let n = value.trim().chars().count();
        if n == 0 || n > 40 {
            return Err(ApiError::invalid(ErrorCode::InvalidAddress, field));
        }
    }
    if !haitao_core::regions::contains(regions, a.province.trim(), a.city.trim(), a.district.trim())
    {
        return Err(ApiError::invalid(
            ErrorCode::InvalidAddress,
            "address.district",
        ));
    }
    validate::street_in(&a.province, &a.city, &a.district, &a.street)
        .map_err(|c| ApiError::invalid(c, "address.street"))?;
    validate::postcode(a.postcode.trim()).map_err(|c| ApiError::invalid(c, "address.postcode"))?;
    Ok(())
}
