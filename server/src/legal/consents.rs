//! Consents: checked before the act that needs them (an order, a sign-in)
//! and recorded with it, in the version the shopper read.

use axum::http::StatusCode;
use haitao_core::legal::{version_of, Accepted, DocumentName};
use haitao_core::ErrorCode;

use super::Documents;
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

/// Whose consent a record is.
#[derive(Clone, Copy)]
pub enum Holder<'a> {
    Account(i64),
    Order(&'a str),
}

/// Records `needed` (checked) as agreed to by `holder` at `now`; an account's
/// consent to a version it has agreed to before is not recorded twice.
pub async fn record(
    conn: &mut sqlx::AnyConnection,
    docs: &Documents,
    holder: Holder<'_>,
    needed: &[DocumentName],
    now: &str,
) -> ApiResult<()> {
    if let Holder::Order(order) = holder {
        // One statement for all of them: it is on every order's way.
        let rows = (0..needed.len())
            .map(|i| format!("($1, ${}, ${}, $2)", 3 + 2 * i, 4 + 2 * i))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO consents (order_id, document, version, accepted_at) VALUES {rows}"
        );
        let mut q = sqlx::query(&sql).bind(order).bind(now);
        for &name in needed {
            q = q.bind(name.slug()).bind(docs.version(name));
        }
        if !needed.is_empty() {
            q.execute(&mut *conn).await?;
        }
        return Ok(());
    }
    for &name in needed {
        let (document, version) = (name.slug(), docs.version(name));
        match holder {
            Holder::Order(_) => {}
            Holder::Account(account) => {
                sqlx::query(
                    "INSERT INTO consents (account_id, document, version, accepted_at)
                     SELECT $1, $2, $3, $4 WHERE NOT EXISTS (
                        SELECT 1 FROM consents WHERE account_id = $1 AND document = $2 AND version = $3)",
                )
                .bind(account)
                .bind(document)
                .bind(version)
                .bind(now)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    Ok(())
}
