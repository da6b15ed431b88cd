//! Consents: checked before the act that needs them (an order, a sign-in)
//! and recorded with it, in the version the shopper read.

use axum::http::StatusCode;
use haitao_core::legal::{version_of, Accepted, DocumentName};
use haitao_core::ErrorCode;

use super::Documents;
use crate::infra::batch::{Batch, Value};
use crate::infra::error::{ApiError, ApiResult};

/// Each of `needed` agreed to, in the version in force.
pub fn check(docs: &Documents, accepted: &[Accepted], needed: &[DocumentName]) -> ApiResult<()> {
    for &name in needed {
        let field = format!("accepted.{}", name.slug());
        match version_of(accepted, name) {
            None => {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorCode::ConsentMissing,
                    format!("{} must be agreed to first", name.slug()),
                )
                .field(field))
            }
            Some(v) if v != docs.version(name) => {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    ErrorCode::ConsentOutdated,
                    format!(
                        "{} has changed since version {v}: read version {} and agree again",
                        name.slug(),
                        docs.version(name)
                    ),
                )
                .field(field))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Records `needed` (checked) as agreed to by account `account` at `now`,
/// each version once however often the account agrees to it.
pub async fn record(
    conn: &mut sqlx::AnyConnection,
    docs: &Documents,
    account: i64,
    needed: &[DocumentName],
    now: &str,
) -> ApiResult<()> {
    for &name in needed {
        sqlx::query(
            "INSERT INTO consents (account_id, document, version, accepted_at)
             SELECT $1, $2, $3, $4 WHERE NOT EXISTS (
                SELECT 1 FROM consents WHERE account_id = $1 AND document = $2 AND version = $3)",
        )
        .bind(account)
        .bind(name.slug())
        .bind(docs.version(name))
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Adds to `batch` the statement recording `needed` (checked) as agreed to
/// for order `order` at `now`: one statement for all of them, as it is on
/// every order's way.
pub fn for_order<'a>(
    batch: &mut Batch<'a>,
    docs: &'a Documents,
    order: &'a str,
    needed: &[DocumentName],
    now: &'a str,
) {
    if needed.is_empty() {
        return;
    }
    let rows = crate::infra::db::pairs(3, needed.len());
    let mut values: Vec<Value<'a>> = vec![order.into(), now.into()];
    for &name in needed {
        values.push(name.slug().into());
        values.push(docs.version(name).into());
    }
    batch.push(
        format!(
            "INSERT INTO consents (order_id, document, version, accepted_at)
             SELECT $1, t.column1, t.column2, $2 FROM (VALUES {rows}) AS t"
        ),
        values,
    );
}
