//! A seller's user signs in with their email address and a one-time code by
//! mail: the shoppers' codes (auth/codes.rs: lifetime, tries, limits) and
//! sessions (auth/sessions.rs, the seller's own table and cookie).

use axum::http::StatusCode;
use haitao_core::api::CodeSent;
use haitao_core::ErrorCode;

use super::users::{self, ActiveUser};
use crate::auth::codes::{self, To};
use crate::infra::error::{ApiError, ApiResult};
use crate::mail::Mail;
use crate::state::AppState;

fn check(email: &str) -> ApiResult<String> {
    crate::mail::check_address(email)
        .ok_or_else(|| ApiError::invalid(ErrorCode::InvalidEmail, "email"))
}

fn to(email: &str) -> To<'_> {
    To {
        address: email,
        field: "email",
    }
}

/// Mails a code to `email` if it belongs to a user who may sign in; the same
/// answer either way (an address's being a seller's is nobody's to learn).
pub async fn send_code(st: &AppState, email: &str, client: &str) -> ApiResult<CodeSent> {
    let email = check(email)?;
    let sent = CodeSent {
        resend_after: codes::RESEND_AFTER_SECS,
    };
    // The limits hold for every address alike, so that neither the answer
    // nor a limit reached tells whether an address runs a seller.
    let asker = codes::Asker {
        client,
        device: None,
    };
    let code = codes::issue(st, to(&email), asker).await?;
    if users::active_by_email(&st.db, &email).await?.is_none() {
        tracing::info!("seller sign-in code asked for an address that runs no seller");
        return Ok(sent);
    }
    if let Err(err) = st.mailer.send(&code_mail(&email, &code)).await {
        tracing::error!(error = %err, "seller sign-in code not sent");
        codes::forget(st, to(&email)).await?;
        return Err(ApiError::new(
            StatusCode::BAD_GATEWAY,
            ErrorCode::Internal,
            "the mail could not be sent",
        ));
    }
    Ok(sent)
}

/// The code's mail, English first (sellers are in the US), then Chinese.
fn code_mail(email: &str, code: &str) -> Mail {
    let minutes = codes::CODE_LIFETIME_SECS / 60;
    Mail {
        to: email.to_owned(),
        // The code in the body only: a subject shows on lock screens and in relays' logs.
        subject: "Your haitao seller sign-in code / 海淘卖家登录验证码".into(),
        text: format!(
            "Your code to sign in to the haitao seller centre is {code}. It is good for {minutes} minutes.\n\
             If you did not ask for it, ignore this mail: nobody can sign in without it.\n\n\
             您登录海淘卖家中心的验证码是 {code}，{minutes} 分钟内有效。\n\
             如果不是您本人操作，请忽略本邮件：没有验证码，任何人都无法登录。\n"
        ),
    }
}

/// Checks the code sent to `email`: the user it signs in.
pub async fn sign_in(st: &AppState, email: &str, code: &str) -> ApiResult<ActiveUser> {
    let email = check(email)?;
    codes::redeem(st, to(&email), code).await?;
    // Removed or suspended since the code went out: as if it had expired.
    let user = users::active_by_email(&st.db, &email)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::CodeExpired,
                "no live code for this email: ask for a new one",
            )
            .field("code")
        })?;
    tracing::info!(
        user = user.id,
        seller = user.seller_id,
        "seller user signed in"
    );
    Ok(user)
}
