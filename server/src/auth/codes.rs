//! Sign-in codes: six digits, sent by SMS, stored as a keyed hash, good for
//! five minutes and five wrong tries. A phone gets a new code at most once a
//! minute and a few a day, a client a few an hour; the answer is the same
//! whether or not the phone has an account.

use axum::http::StatusCode;
use haitao_core::api::CodeSent;
use haitao_core::{validate, ErrorCode};

use crate::infra::error::{ApiError, ApiResult};
use crate::state::AppState;

pub const CODE_LIFETIME_SECS: i64 = 5 * 60;
pub const RESEND_AFTER_SECS: u32 = 60;
pub const MAX_WRONG_TRIES: i64 = 5;
/// Codes one phone may be sent in a day, and one client in an hour.
pub const PER_PHONE_PER_DAY: i64 = 10;
pub const PER_CLIENT_PER_HOUR: i64 = 20;

fn code_hash(st: &AppState, phone: &str, code: &str) -> String {
    st.keys.sign_in.mac(&[phone.as_bytes(), code.as_bytes()])
}

fn random_code() -> String {
    use aes_gcm::aead::rand_core::RngCore;
    // Rejection sampling keeps the six digits uniform.
    loop {
        let n = aes_gcm::aead::OsRng.next_u32();
        if n < 4_294_000_000 {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

fn too_many(retry_secs: i64, message: &str) -> ApiError {
    let mut e = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::RateLimited,
        message,
    );
    e.retry_after = Some(retry_secs.max(1) as u64);
    e
}

pub fn check_phone(phone: &str) -> ApiResult<String> {
    let p = phone.trim().to_owned();
    validate::mobile(&p).map_err(|c| ApiError::invalid(c, "phone"))?;
    Ok(p)
}

/// Sends a new code to `phone`, for a request from `client`.
pub async fn send(st: &AppState, phone: &str, client: &str) -> ApiResult<CodeSent> {
    let phone = check_phone(phone)?;
    let now = st.clock.stamp();
    let code = random_code();
    let mut tx = crate::infra::db::begin_write(&st.db).await?;
    let last: Option<(String,)> =
        sqlx::query_as("SELECT sent_at FROM sign_in_codes WHERE phone = $1")
            .bind(&phone)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((sent_at,)) = last {
        let wait = crate::infra::clock::parse(&sent_at)
            .map(|t| i64::from(RESEND_AFTER_SECS) - (st.clock.now() - t).whole_seconds())
            .unwrap_or(0);
        if wait > 0 {
            return Err(too_many(
                wait,
                "a code was sent to this phone less than a minute ago",
            ));
        }
    }
    let (by_phone,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM code_sends WHERE phone = $1 AND sent_at > $2")
            .bind(&phone)
            .bind(st.clock.stamp_in(-86_400))
            .fetch_one(&mut *tx)
            .await?;
    if by_phone >= PER_PHONE_PER_DAY {
        return Err(too_many(3600, "too many codes for this phone today"));
    }
    let (by_client,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM code_sends WHERE client = $1 AND sent_at > $2")
            .bind(client)
            .bind(st.clock.stamp_in(-3600))
            .fetch_one(&mut *tx)
            .await?;
    if by_client >= PER_CLIENT_PER_HOUR {
        return Err(too_many(600, "too many codes from this client"));
    }
    sqlx::query(
        "INSERT INTO sign_in_codes (phone, code_hash, sent_at, expires_at, wrong_tries) VALUES ($1, $2, $3, $4, 0)
         ON CONFLICT(phone) DO UPDATE SET code_hash = $2, sent_at = $3, expires_at = $4, wrong_tries = 0",
    )
    .bind(&phone)
    .bind(code_hash(st, &phone, &code))
    .bind(&now)
    .bind(st.clock.stamp_in(CODE_LIFETIME_SECS))
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO code_sends (phone, client, sent_at) VALUES ($1, $2, $3)")
        .bind(&phone)
        .bind(client)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if let Err(err) = st.sms.send_code(&phone, &code).await {
        tracing::error!(error = %err, "sign-in code not sent");
        // Let the shopper ask again at once.
        sqlx::query("DELETE FROM sign_in_codes WHERE phone = $1")
            .bind(&phone)
            .execute(&st.db)
            .await?;
        return Err(ApiError::new(
            StatusCode::BAD_GATEWAY,
            ErrorCode::Internal,
            "the SMS could not be sent",
        ));
    }
    Ok(CodeSent {
        resend_after: RESEND_AFTER_SECS,
    })
}

/// The code last sent to a phone.
#[derive(sqlx::FromRow)]
struct CodeRow {
    code_hash: String,
    expires_at: String,
    wrong_tries: i64,
}

/// Checks a code; the account it signs in (made on first sign-in). Orders
/// placed as a guest with this phone become the account's.
pub async fn sign_in(st: &AppState, phone: &str, code: &str) -> ApiResult<i64> {
    let phone = check_phone(phone)?;
    let now = st.clock.stamp();
    let mut tx = crate::infra::db::begin_write(&st.db).await?;
    let row: Option<CodeRow> = sqlx::query_as(
        "SELECT code_hash, expires_at, wrong_tries FROM sign_in_codes WHERE phone = $1",
    )
    .bind(&phone)
    .fetch_optional(&mut *tx)
    .await?;
    let expired = || {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::CodeExpired,
            "no live code for this phone: ask for a new one",
        )
        .field("code")
    };
    let Some(row) = row else {
        return Err(expired());
    };
    if row.expires_at <= now || row.wrong_tries >= MAX_WRONG_TRIES {
        return Err(expired());
    }
    let given = code.trim();
    let right = given.len() == 6
        && given.bytes().all(|b| b.is_ascii_digit())
        && st
            .keys
            .sign_in
            .verify(&[phone.as_bytes(), given.as_bytes()], &row.code_hash);
    if !right {
        sqlx::query("UPDATE sign_in_codes SET wrong_tries = wrong_tries + 1 WHERE phone = $1")
            .bind(&phone)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::CodeWrong,
            "this is not the code that was sent",
        )
        .field("code"));
    }
    sqlx::query("DELETE FROM sign_in_codes WHERE phone = $1")
        .bind(&phone)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO accounts (phone, created_at) VALUES ($1, $2) ON CONFLICT(phone) DO NOTHING",
    )
    .bind(&phone)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    let (account,): (i64,) = sqlx::query_as("SELECT id FROM accounts WHERE phone = $1")
        .bind(&phone)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(account, "signed in");
    Ok(account)
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_six_digits_and_vary() {
        let a = super::random_code();
        assert_eq!(a.len(), 6);
        assert!(a.bytes().all(|b| b.is_ascii_digit()));
        let distinct: std::collections::HashSet<String> =
            (0..50).map(|_| super::random_code()).collect();
        assert!(distinct.len() > 40);
    }
}
