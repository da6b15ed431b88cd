//! Server-side sessions, for shoppers' accounts and for sellers' users alike:
//! the cookie holds 256 random bits, the table their SHA-256 (a copy of the
//! table signs nobody in). Thirty days, sliding: each visit that reads the
//! session pushes the end back.

use axum::http::HeaderValue;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::infra::error::ApiResult;
use crate::state::AppState;

/// How long a session lasts without a visit.
pub const LIFETIME_SECS: i64 = 30 * 86_400;
/// A visit moves the end back at most this often (one write per device per ten minutes).
const SLIDE_AFTER_SECS: i64 = 600;

/// Whose sessions: each kind has its own table and cookie, so a shopper's
/// session never opens the seller centre nor the other way round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Shopper,
    Seller,
}

impl Kind {
    /// The table and the column naming whose session it is.
    fn table(self) -> (&'static str, &'static str) {
        match self {
            Kind::Shopper => ("sessions", "account_id"),
            Kind::Seller => ("seller_sessions", "user_id"),
        }
    }

    /// The cookie's name, plain and over https (`__Host-`: a browser takes
    /// such a cookie only from the shop's own host, Secure, for `/`).
    pub fn cookie_names(self) -> (&'static str, &'static str) {
        match self {
            Kind::Shopper => (
                haitao_core::cookies::SESSION,
                haitao_core::cookies::SESSION_HTTPS,
            ),
            Kind::Seller => (
                haitao_core::cookies::SELLER_SESSION,
                haitao_core::cookies::SELLER_SESSION_HTTPS,
            ),
        }
    }
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn new_token() -> String {
    use aes_gcm::aead::rand_core::RngCore;
    let mut bytes = [0u8; 32];
    aes_gcm::aead::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A new session for `owner` (an account, a seller's user): a fresh id at
/// every sign-in. The token.
pub async fn create(st: &AppState, kind: Kind, owner: i64) -> ApiResult<String> {
    let (table, column) = kind.table();
    let token = new_token();
    let now = st.clock.stamp();
    sqlx::query(&format!(
        "INSERT INTO {table} (token_hash, {column}, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5)"
    ))
    .bind(hash(&token))
    .bind(owner)
    .bind(&now)
    .bind(&now)
    .bind(st.clock.stamp_in(LIFETIME_SECS))
    .execute(&st.db)
    .await?;
    Ok(token)
}

#[derive(sqlx::FromRow)]
struct Live {
    owner: i64,
    last_seen_at: String,
}

/// Whose live session `token` is, sliding its end.
pub async fn owner(st: &AppState, kind: Kind, token: &str) -> ApiResult<Option<i64>> {
    let (table, column) = kind.table();
    let now = st.clock.stamp();
    let row: Option<Live> = sqlx::query_as(&format!(
        "SELECT {column} AS owner, last_seen_at FROM {table} WHERE token_hash = $1 AND expires_at > $2"
    ))
    .bind(hash(token))
    .bind(&now)
    .fetch_optional(&st.db)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    if row.last_seen_at <= st.clock.stamp_in(-SLIDE_AFTER_SECS) {
        sqlx::query(&format!(
            "UPDATE {table} SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3"
        ))
        .bind(&now)
        .bind(st.clock.stamp_in(LIFETIME_SECS))
        .bind(hash(token))
        .execute(&st.db)
        .await?;
    }
    Ok(Some(row.owner))
}

/// The account of a live shopper's session.
pub async fn account(st: &AppState, token: &str) -> ApiResult<Option<i64>> {
    owner(st, Kind::Shopper, token).await
}

/// Signs this device out.
pub async fn end(st: &AppState, kind: Kind, token: &str) -> ApiResult<()> {
    let (table, _) = kind.table();
    sqlx::query(&format!("DELETE FROM {table} WHERE token_hash = $1"))
        .bind(hash(token))
        .execute(&st.db)
        .await?;
    Ok(())
}

/// Signs every device of `owner` out.
pub async fn end_all(st: &AppState, kind: Kind, owner: i64) -> ApiResult<u64> {
    let (table, column) = kind.table();
    Ok(
        sqlx::query(&format!("DELETE FROM {table} WHERE {column} = $1"))
            .bind(owner)
            .execute(&st.db)
            .await?
            .rows_affected(),
    )
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
pub fn cookie(st: &AppState, kind: Kind, token: Option<&str>) -> HeaderValue {
    let (value, age) = match token {
        Some(t) => (t, LIFETIME_SECS),
        None => ("", 0),
    };
    let text = format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={age}{}",
        super::cookie_name(st, kind),
        secure(st)
    );
    header(text)
}
