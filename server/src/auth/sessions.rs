//! Server-side sessions: the cookie holds 256 random bits, the table their
//! SHA-256 (a copy of the table signs nobody in). Thirty days, sliding: each
//! visit that reads the account pushes the end back.

use axum::http::HeaderValue;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::infra::error::ApiResult;
use crate::state::AppState;

/// How long a session lasts without a visit.
pub const LIFETIME_SECS: i64 = 30 * 86_400;
/// A visit moves the end back at most this often (one write per device per ten minutes).
const SLIDE_AFTER_SECS: i64 = 600;

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn new_token() -> String {
    use aes_gcm::aead::rand_core::RngCore;
    let mut bytes = [0u8; 32];
    aes_gcm::aead::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A new session for `account`: a fresh id at every sign-in. The token.
pub async fn create(st: &AppState, account: i64) -> ApiResult<String> {
    let token = new_token();
    let now = st.clock.stamp();
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash(&token))
    .bind(account)
    .bind(&now)
    .bind(&now)
    .bind(st.clock.stamp_in(LIFETIME_SECS))
    .execute(&st.db)
    .await?;
    Ok(token)
}

/// The account of a live session, sliding its end.
pub async fn account(st: &AppState, token: &str) -> ApiResult<Option<i64>> {
    let now = st.clock.stamp();
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT account_id, last_seen_at FROM sessions WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(hash(token))
    .bind(&now)
    .fetch_optional(&st.db)
    .await?;
    let Some((account, last_seen)) = row else {
        return Ok(None);
    };
    if last_seen <= st.clock.stamp_in(-SLIDE_AFTER_SECS) {
        sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
            .bind(&now)
            .bind(st.clock.stamp_in(LIFETIME_SECS))
            .bind(hash(token))
            .execute(&st.db)
            .await?;
    }
    Ok(Some(account))
}

/// Signs this device out.
pub async fn end(st: &AppState, token: &str) -> ApiResult<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(hash(token))
        .execute(&st.db)
        .await?;
    Ok(())
}

/// Signs every device of `account` out.
pub async fn end_all(st: &AppState, account: i64) -> ApiResult<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE account_id = $1")
        .bind(account)
        .execute(&st.db)
        .await?
        .rows_affected())
}

/// The hint cookie the storefront reads to show "sign in" or "my account"
/// in its header without asking the server: it says only that this device
/// has a session (the session itself stays HttpOnly).
pub const HINT_COOKIE: &str = haitao_core::cookies::SIGNED_IN;

/// Whether the shop is served over HTTPS (its public address says so).
pub fn https(st: &AppState) -> bool {
    st.settings
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"))
}

/// "; Secure" when the shop is served over HTTPS.
fn secure(st: &AppState) -> &'static str {
    if https(st) {
        "; Secure"
    } else {
        ""
    }
}

pub fn hint_cookie(st: &AppState, signed_in: bool) -> HeaderValue {
    let text = format!(
        "{HINT_COOKIE}={}; Path=/; SameSite=Lax; Max-Age={}{}",
        if signed_in { "1" } else { "" },
        if signed_in { LIFETIME_SECS } else { 0 },
        secure(st)
    );
    header(text)
}

/// A Set-Cookie value from text the server wrote itself: names, a token,
/// numbers, all ASCII, so it is always a valid header (an empty one else,
/// which browsers ignore).
fn header(text: String) -> HeaderValue {
    HeaderValue::try_from(text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The Set-Cookie value for `token` (`None`: the cookie is removed).
/// HttpOnly (no script reads it), SameSite=Lax, Secure when the shop is
/// served over HTTPS.
pub fn cookie(st: &AppState, token: Option<&str>) -> HeaderValue {
    let (value, age) = match token {
        Some(t) => (t, LIFETIME_SECS),
        None => ("", 0),
    };
    let text = format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={age}{}",
        super::cookie_name(st),
        secure(st)
    );
    header(text)
}
