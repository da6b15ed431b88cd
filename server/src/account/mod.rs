//! The signed-in shopper's own things: the account, the address book, saved
//! payers, questions asked and harvests waited for. (Their orders are
//! orders/mine.rs.)

pub mod addresses;
pub mod payers;
pub mod questions;
pub mod wishes;

use haitao_core::api::Account;
use haitao_core::validate;

use crate::infra::error::{ApiError, ApiResult};
use crate::state::AppState;

pub async fn info(st: &AppState, account: i64) -> ApiResult<Account> {
    let (phone, created_at): (String, String) =
        sqlx::query_as("SELECT phone, created_at FROM accounts WHERE id = $1")
            .bind(account)
            .fetch_optional(&st.db)
            .await?
            .ok_or_else(|| ApiError::not_found("account"))?;
    Ok(Account {
        phone_masked: validate::mask_mobile(&phone),
        created_at,
    })
}
