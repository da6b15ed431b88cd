//! Preview tokens: `ID.EXPIRES.MAC`, the MAC an HMAC (server secret) over
//! the seller's slug, the id and the expiry. The row under ID lets a token be
//! revoked; the secret makes tokens impossible to forge or move to another
//! seller.

use axum::http::StatusCode;
use haitao_core::ErrorCode;
use sqlx::AnyPool;

use crate::infra::error::{ApiError, ApiResult};
use crate::infra::secret::Secret;

const PURPOSE: &[u8] = b"preview";
/// Longer than this, a forgotten link is a leak.
pub const MAX_TTL_SECS: i64 = 90 * 24 * 3600;

pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

pub fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// "7d", "12h", "30m" or "90s" as seconds, within 1 minute..=90 days.
pub fn parse_ttl(s: &str) -> Result<i64, String> {
    let s = s.trim();
    let (n, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: i64 = n
        .parse()
        .map_err(|_| format!("ttl {s:?}: a number and d, h, m or s (e.g. 7d)"))?;
    let secs = match unit {
        "d" => n * 86_400,
        "h" => n * 3600,
        "m" => n * 60,
        "s" | "" => n,
        _ => return Err(format!("ttl {s:?}: the unit is d, h, m or s")),
    };
    if !(60..=MAX_TTL_SECS).contains(&secs) {
        return Err(format!("ttl {s:?}: from 1 minute to 90 days"));
    }
    Ok(secs)
}

fn mac_parts<'a>(seller: &'a str, id: &'a str, expires: &'a str) -> [&'a [u8]; 4] {
    [
        PURPOSE,
        seller.as_bytes(),
        id.as_bytes(),
        expires.as_bytes(),
    ]
}

pub struct Issued {
    pub id: String,
    pub token: String,
    pub expires_at: i64,
}

/// Makes a token for the seller; `None` when there is no such seller.
pub async fn issue(
    pool: &AnyPool,
    secret: &Secret,
    seller: &str,
    ttl_secs: i64,
) -> Result<Option<Issued>, sqlx::Error> {
    let Some((seller_id,)) = sqlx::query_as::<_, (i64,)>("SELECT id FROM sellers WHERE slug = $1")
        .bind(seller)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    let id = uuid::Uuid::new_v4().simple().to_string();
    let expires_at = now() + ttl_secs;
    let exp = expires_at.to_string();
    sqlx::query("INSERT INTO preview_tokens (id, seller_id, expires_at) VALUES ($1, $2, $3)")
        .bind(&id)
        .bind(seller_id)
        .bind(expires_at)
        .execute(pool)
        .await?;
    let mac = secret.mac(&mac_parts(seller, &id, &exp));
    Ok(Some(Issued {
        token: format!("{id}.{exp}.{mac}"),
        id,
        expires_at,
    }))
}

/// A token that opened a preview: until when it works.
pub struct Grant {
    pub expires_at: i64,
}

fn refuse(status: StatusCode, code: ErrorCode, message: &str) -> ApiError {
    ApiError::new(status, code, message)
}

/// A stored token, with the slug of the seller it was issued for.
#[derive(sqlx::FromRow)]
struct StoredRow {
    slug: String,
    expires_at: i64,
    revoked_at: Option<String>,
}

/// Checks `token` for `seller`. Every failure says only what was wrong with
/// the token: nothing about the seller (not even whether it exists).
pub async fn check(
    pool: &AnyPool,
    secret: &Secret,
    seller: &str,
    token: Option<&str>,
) -> ApiResult<Grant> {
    let unauthorized = |code, message| refuse(StatusCode::UNAUTHORIZED, code, message);
    let token = token.filter(|t| !t.is_empty()).ok_or_else(|| {
        unauthorized(
            ErrorCode::PreviewTokenMissing,
            "a preview token is required",
        )
    })?;
    let invalid = || {
        unauthorized(
            ErrorCode::PreviewTokenInvalid,
            "the preview token is not valid",
        )
    };
    let mut parts = token.splitn(3, '.');
    let (Some(id), Some(exp), Some(mac)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(invalid());
    };
    let expires_at: i64 = exp.parse().map_err(|_| invalid())?;
    let row: Option<StoredRow> = sqlx::query_as(
        "SELECT s.slug, t.expires_at, t.revoked_at FROM preview_tokens t JOIN sellers s ON s.id = t.seller_id WHERE t.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Err(invalid());
    };
    if row.expires_at != expires_at || !secret.verify(&mac_parts(&row.slug, id, exp), mac) {
        return Err(invalid());
    }
    if row.revoked_at.is_some() {
        return Err(unauthorized(
            ErrorCode::PreviewTokenRevoked,
            "the preview token was revoked",
        ));
    }
    if expires_at <= now() {
        return Err(unauthorized(
            ErrorCode::PreviewTokenExpired,
            "the preview token has expired",
        ));
    }
    if row.slug != seller {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            ErrorCode::PreviewWrongSeller,
            "the preview token is for another seller",
        ));
    }
    Ok(Grant { expires_at })
}

/// Revokes one token of the seller (by id), or all of them with `None`.
/// Returns how many were revoked.
pub async fn revoke(pool: &AnyPool, seller: &str, id: Option<&str>) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE preview_tokens SET revoked_at = $3
         WHERE revoked_at IS NULL AND seller_id = (SELECT id FROM sellers WHERE slug = $1)
           AND ($2 IS NULL OR id = $2)",
    )
    .bind(seller)
    .bind(id)
    .bind(crate::infra::clock::stamp(time::OffsetDateTime::now_utc()))
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// One of a seller's tokens, as the operator's list shows it.
pub struct ListedToken {
    pub id: String,
    /// Unix seconds.
    pub expires_at: i64,
    pub revoked: bool,
}

/// A token as `list` reads it: `revoked` is 0 or 1, a flag both databases
/// decode alike.
#[derive(sqlx::FromRow)]
struct ListedRow {
    id: String,
    expires_at: i64,
    revoked: i64,
}

/// The seller's tokens.
pub async fn list(pool: &AnyPool, seller: &str) -> Result<Vec<ListedToken>, sqlx::Error> {
    let rows: Vec<ListedRow> = sqlx::query_as(
        "SELECT t.id, t.expires_at, CASE WHEN t.revoked_at IS NULL THEN 0 ELSE 1 END AS revoked FROM preview_tokens t
         JOIN sellers s ON s.id = t.seller_id WHERE s.slug = $1 ORDER BY t.created_at",
    )
    .bind(seller)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ListedToken {
            id: r.id,
            expires_at: r.expires_at,
            revoked: r.revoked != 0,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::parse_ttl;

    #[test]
    fn ttl_units_and_bounds() {
        assert_eq!(parse_ttl("7d"), Ok(7 * 86_400));
        assert_eq!(parse_ttl("12h"), Ok(12 * 3600));
        assert_eq!(parse_ttl("30m"), Ok(1800));
        assert_eq!(parse_ttl("90"), Ok(90));
        for bad in ["", "d", "7w", "-1d", "30s", "91d", "1.5d"] {
            assert!(parse_ttl(bad).is_err(), "{bad:?}");
        }
    }
}
