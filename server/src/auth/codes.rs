//! Sign-in codes: six digits, sent to a shopper's phone by SMS or to a
//! seller's user by mail, stored as a keyed hash, good for five minutes and
//! five wrong tries. An address (a phone or an email) gets a new code at most
//! once a minute and a few a day, a device (auth/device.rs; a client without
//! one: its network address) a few an hour, and a network address, which
//! behind a carrier's NAT is thousands of phones, many more; the answer is
//! the same whether or not the address has an account.

use axum::http::StatusCode;
use haitao_core::api::CodeSent;
use haitao_core::{validate, ErrorCode};

use crate::infra::error::{ApiError, ApiResult};
use crate::state::AppState;

pub const CODE_LIFETIME_SECS: i64 = 5 * 60;
pub const RESEND_AFTER_SECS: u32 = 60;
pub const MAX_WRONG_TRIES: i64 = 5;
/// Codes one address may be sent in a day, one device (or client without
/// one) in an hour, and one network address in an hour whatever its devices.
pub const PER_ADDRESS_PER_DAY: i64 = 10;
pub const PER_CLIENT_PER_HOUR: i64 = 20;
pub const PER_NETWORK_PER_HOUR: i64 = 1000;

/// Who asks for a code: the client's network address (as the limits key
/// it) and the shop's device, if it brought one.
#[derive(Clone, Copy)]
pub struct Asker<'a> {
    pub client: &'a str,
    pub device: Option<&'a str>,
}

/// Where a code goes: the address (a phone, an email) and the request's
/// field that named it (for errors).
#[derive(Clone, Copy)]
pub struct To<'a> {
    pub address: &'a str,
    pub field: &'static str,
}

fn code_hash(st: &AppState, address: &str, code: &str) -> String {
    st.keys.sign_in.mac(&[address.as_bytes(), code.as_bytes()])
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

/// Sends a new code to `phone` by SMS, for a request from `client`.
pub async fn send(st: &AppState, phone: &str, client: Asker<'_>) -> ApiResult<CodeSent> {
    let phone = check_phone(phone)?;
    let to = To {
        address: &phone,
        field: "phone",
    };
    let code = issue(st, to, client).await?;
    if let Err(err) = st.sms.send_code(&phone, &code).await {
        tracing::error!(error = %err, "sign-in code not sent");
        forget(st, to).await?;
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

/// A new code for `to`, within the limits, stored (as its hash) in place of
/// any earlier one; the caller sends it, and `forget`s it if that fails.
pub async fn issue(st: &AppState, to: To<'_>, asker: Asker<'_>) -> ApiResult<String> {
    let now = st.clock.stamp();
    let code = random_code();
    let mut tx = crate::infra::db::begin_write(&st.db).await?;
    let mark = format!("sign-in:{}", to.address);
    crate::infra::db::lock(&mut tx, crate::infra::db::Row::Mark(&mark)).await?;
    let last: Option<(String,)> =
        sqlx::query_as("SELECT sent_at FROM sign_in_codes WHERE address = $1")
            .bind(to.address)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((sent_at,)) = last {
        let wait = crate::infra::clock::parse(&sent_at)
            .map(|t| i64::from(RESEND_AFTER_SECS) - (st.clock.now() - t).whole_seconds())
            .unwrap_or(0);
        if wait > 0 {
            return Err(too_many(
                wait,
                &format!(
                    "a code was sent to this {} less than a minute ago",
                    to.field
                ),
            ));
        }
    }
    let (by_address,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM code_sends WHERE address = $1 AND sent_at > $2")
            .bind(to.address)
            .bind(st.clock.stamp_in(-86_400))
            .fetch_one(&mut *tx)
            .await?;
    if by_address >= PER_ADDRESS_PER_DAY {
        return Err(too_many(
            3600,
            &format!("too many codes for this {} today", to.field),
        ));
    }
    let hour_ago = st.clock.stamp_in(-3600);
    if let Some(device) = asker.device {
        let (by_device,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM code_sends WHERE device = $1 AND sent_at > $2")
                .bind(device)
                .bind(&hour_ago)
                .fetch_one(&mut *tx)
                .await?;
        if by_device >= PER_CLIENT_PER_HOUR {
            return Err(too_many(600, "too many codes from this device"));
        }
    }
    let (by_client,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM code_sends WHERE client = $1 AND sent_at > $2")
            .bind(asker.client)
            .bind(&hour_ago)
            .fetch_one(&mut *tx)
            .await?;
    let most = if asker.device.is_some() {
        PER_NETWORK_PER_HOUR
    } else {
        PER_CLIENT_PER_HOUR
    };
    if by_client >= most {
        return Err(too_many(600, "too many codes from this client"));
    }
    sqlx::query(
        "INSERT INTO sign_in_codes (address, code_hash, sent_at, expires_at, wrong_tries) VALUES ($1, $2, $3, $4, 0)
         ON CONFLICT(address) DO UPDATE SET code_hash = $2, sent_at = $3, expires_at = $4, wrong_tries = 0",
    )
    .bind(to.address)
    .bind(code_hash(st, to.address, &code))
    .bind(&now)
    .bind(st.clock.stamp_in(CODE_LIFETIME_SECS))
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO code_sends (address, client, device, sent_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(to.address)
    .bind(asker.client)
    .bind(asker.device)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(code)
}

/// Drops the code of `to` (it could not be sent): the person may ask again at once.
pub async fn forget(st: &AppState, to: To<'_>) -> ApiResult<()> {
    sqlx::query("DELETE FROM sign_in_codes WHERE address = $1")
        .bind(to.address)
        .execute(&st.db)
        .await?;
    Ok(())
}

/// The code last sent to an address.
#[derive(sqlx::FromRow)]
struct CodeRow {
    code_hash: String,
    expires_at: String,
    wrong_tries: i64,
}

/// Checks `code` for `to` and uses it up; a wrong one counts a try.
pub async fn redeem(st: &AppState, to: To<'_>, code: &str) -> ApiResult<()> {
    let now = st.clock.stamp();
    let mut tx = crate::infra::db::begin_write(&st.db).await?;
    let mark = format!("sign-in:{}", to.address);
    crate::infra::db::lock(&mut tx, crate::infra::db::Row::Mark(&mark)).await?;
    let row: Option<CodeRow> = sqlx::query_as(
        "SELECT code_hash, expires_at, wrong_tries FROM sign_in_codes WHERE address = $1",
    )
    .bind(to.address)
    .fetch_optional(&mut *tx)
    .await?;
    let expired = || {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::CodeExpired,
            format!("no live code for this {}: ask for a new one", to.field),
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
            .verify(&[to.address.as_bytes(), given.as_bytes()], &row.code_hash);
    if !right {
        sqlx::query("UPDATE sign_in_codes SET wrong_tries = wrong_tries + 1 WHERE address = $1")
            .bind(to.address)
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
    sqlx::query("DELETE FROM sign_in_codes WHERE address = $1")
        .bind(to.address)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Checks a code sent to `phone`; the account it signs in (made on first
/// sign-in).
pub async fn sign_in(st: &AppState, phone: &str, code: &str) -> ApiResult<i64> {
    let phone = check_phone(phone)?;
    redeem(
        st,
        To {
            address: &phone,
            field: "phone",
        },
        code,
    )
    .await?;
    sqlx::query(
        "INSERT INTO accounts (phone, created_at) VALUES ($1, $2) ON CONFLICT(phone) DO NOTHING",
    )
    .bind(&phone)
    .bind(st.clock.stamp())
    .execute(&st.db)
    .await?;
    let (account,): (i64,) = sqlx::query_as("SELECT id FROM accounts WHERE phone = $1")
        .bind(&phone)
        .fetch_one(&st.db)
        .await?;
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
