//! The people who run a seller: its owners (the first invited by the
//! operator, `haitao-server seller invite`) and staff an owner invites. An
//! address runs one seller; a removed user keeps their row (who invited whom
//! stays readable) and signs in no more.

use axum::http::StatusCode;
use haitao_core::api::SellerRef;
use haitao_core::seller::{SellerPrefs, SellerPrefsChange, SellerRole, SellerUser};
use haitao_core::text::{L10n, Lang};
use haitao_core::ErrorCode;
use sqlx::AnyPool;

use crate::infra::error::{ApiError, ApiResult};
use crate::mail::{Mail, Mailer};

/// A user who may act for their seller now: not removed, the seller not
/// suspended.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ActiveUser {
    pub id: i64,
    pub seller_id: i64,
    /// The seller's slug, read with the user (the import, publishing and the
    /// statement name the seller by it).
    pub seller_slug: String,
    pub email: String,
    pub role: String,
}

impl ActiveUser {
    pub fn role(&self) -> SellerRole {
        // The column's CHECK allows nothing else.
        SellerRole::parse(&self.role).unwrap_or(SellerRole::Staff)
    }
}

const ACTIVE: &str =
    "SELECT u.id, u.seller_id, s.slug AS seller_slug, u.email, u.role FROM seller_users u
    JOIN sellers s ON s.id = u.seller_id
   WHERE u.removed_at IS NULL AND s.suspended_at IS NULL";

pub async fn active(pool: &AnyPool, user: i64) -> Result<Option<ActiveUser>, sqlx::Error> {
    sqlx::query_as(&format!("{ACTIVE} AND u.id = $1"))
        .bind(user)
        .fetch_optional(pool)
        .await
}

pub async fn active_by_email(
    pool: &AnyPool,
    email: &str,
) -> Result<Option<ActiveUser>, sqlx::Error> {
    sqlx::query_as(&format!("{ACTIVE} AND u.email = $1"))
        .bind(email)
        .fetch_optional(pool)
        .await
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    role: String,
    invited_at: String,
}

impl From<UserRow> for SellerUser {
    fn from(r: UserRow) -> Self {
        SellerUser {
            id: r.id,
            email: r.email,
            role: SellerRole::parse(&r.role).unwrap_or(SellerRole::Staff),
            invited_at: r.invited_at,
        }
    }
}

/// The seller's users who may sign in, owners first.
pub async fn list(pool: &AnyPool, seller: i64) -> Result<Vec<SellerUser>, sqlx::Error> {
    let rows: Vec<UserRow> = sqlx::query_as(
        "SELECT id, email, role, invited_at FROM seller_users
          WHERE seller_id = $1 AND removed_at IS NULL
          ORDER BY CASE role WHEN 'owner' THEN 0 ELSE 1 END, id",
    )
    .bind(seller)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(SellerUser::from).collect())
}

#[derive(sqlx::FromRow)]
struct SellerRow {
    slug: String,
    name_zh: String,
    name_en: String,
    state: String,
    verified: i64,
}

/// The seller as its pages name it.
pub async fn seller(pool: &AnyPool, seller: i64) -> ApiResult<SellerRef> {
    let r: SellerRow =
        sqlx::query_as("SELECT slug, name_zh, name_en, state, verified FROM sellers WHERE id = $1")
            .bind(seller)
            .fetch_optional(pool)
            .await?
            .ok_or_else(|| ApiError::not_found("seller"))?;
    Ok(SellerRef {
        slug: r.slug,
        name: L10n::new(r.name_zh, r.name_en),
        state: r.state,
        verified: r.verified != 0,
    })
}

/// Who invites: the operator (the command line) or one of the seller's owners.
#[derive(Clone, Copy)]
pub enum Inviter {
    Operator,
    Owner(i64),
}

/// Who is invited, to run which seller, as what, by whom.
pub struct Invitation<'a> {
    pub seller: i64,
    pub email: &'a str,
    pub role: SellerRole,
    pub by: Inviter,
}

/// Makes the invited address a user of the seller and tells them by mail
/// how to sign in (`sign_in_url`). An address that runs a seller already is
/// refused (409 `user_taken`); one this seller removed is taken back.
pub async fn invite(
    pool: &AnyPool,
    mailer: &dyn Mailer,
    invitation: Invitation<'_>,
    now: &str,
    sign_in_url: &str,
) -> ApiResult<SellerUser> {
    let Invitation {
        seller,
        email,
        role,
        by,
    } = invitation;
    let email = crate::mail::check_address(email)
        .ok_or_else(|| ApiError::invalid(ErrorCode::InvalidEmail, "email"))?;
    let by_user = match by {
        Inviter::Operator => None,
        Inviter::Owner(id) => Some(id),
    };
    let mut tx = crate::infra::db::begin_write(pool).await?;
    let mark = format!("seller-user:{email}");
    crate::infra::db::lock(&mut tx, crate::infra::db::Row::Mark(&mark)).await?;
    let known: Option<KnownRow> =
        sqlx::query_as("SELECT id, seller_id, removed_at FROM seller_users WHERE email = $1")
            .bind(&email)
            .fetch_optional(&mut *tx)
            .await?;
    let (id, was_new) = match known {
        Some(k) if k.seller_id == seller && k.removed_at.is_some() => {
            sqlx::query(
                "UPDATE seller_users SET role = $1, invited_at = $2, invited_by = $3, removed_at = NULL WHERE id = $4",
            )
            .bind(role.as_str())
            .bind(now)
            .bind(by_user)
            .bind(k.id)
            .execute(&mut *tx)
            .await?;
            (k.id, false)
        }
        Some(_) => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::UserTaken,
                "this address already runs a seller on the shop",
            )
            .field("email"))
        }
        None => {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO seller_users (seller_id, email, role, invited_at, invited_by)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(seller)
            .bind(&email)
            .bind(role.as_str())
            .bind(now)
            .bind(by_user)
            .fetch_one(&mut *tx)
            .await?;
            (id, true)
        }
    };
    let name = self::seller_in(&mut tx, seller).await?;
    // Committed before the mail (which may be written to this database, the
    // development outbox), and taken back if it cannot be sent: an address
    // that cannot be written to is not left invited without knowing it.
    tx.commit().await?;
    if let Err(e) = mailer
        .send(&invitation_mail(&email, &name, role, sign_in_url))
        .await
    {
        tracing::error!(error = %e, "invitation not sent");
        let undo = if was_new {
            sqlx::query("DELETE FROM seller_users WHERE id = $1").bind(id)
        } else {
            sqlx::query("UPDATE seller_users SET removed_at = $2 WHERE id = $1")
                .bind(id)
                .bind(now)
        };
        undo.execute(pool).await?;
        return Err(ApiError::new(
            StatusCode::BAD_GATEWAY,
            ErrorCode::Internal,
            "the invitation could not be mailed",
        ));
    }
    tracing::info!(
        user = id,
        seller,
        role = role.as_str(),
        "seller user invited"
    );
    Ok(SellerUser {
        id,
        email,
        role,
        invited_at: now.to_owned(),
    })
}

#[derive(sqlx::FromRow)]
struct KnownRow {
    id: i64,
    seller_id: i64,
    removed_at: Option<String>,
}

async fn seller_in(tx: &mut sqlx::AnyConnection, seller: i64) -> ApiResult<L10n> {
    let (zh, en): (String, String) =
        sqlx::query_as("SELECT name_zh, name_en FROM sellers WHERE id = $1")
            .bind(seller)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| ApiError::not_found("seller"))?;
    Ok(L10n::new(zh, en))
}

/// The invitation, English first (sellers are in the US), then Chinese.
fn invitation_mail(email: &str, seller: &L10n, role: SellerRole, sign_in_url: &str) -> Mail {
    let (role_en, role_zh) = match role {
        SellerRole::Owner => ("an owner", "所有者"),
        SellerRole::Staff => ("a member of staff", "员工"),
    };
    Mail {
        to: email.to_owned(),
        subject: format!("You are invited to run {} on haitao / 海淘卖家中心邀请", seller.en),
        text: format!(
            "You have been invited to run {en} on haitao, as {role_en}.\n\
             Sign in at {sign_in_url} with this address ({email}): we will mail you a one-time code.\n\n\
             您已受邀以{role_zh}身份管理海淘上的“{zh}”。\n\
             请用本邮箱（{email}）登录 {sign_in_url}，我们会发送一次性验证码。\n",
            en = seller.en,
            zh = seller.zh,
        ),
    }
}

/// Removes `user` from `seller` (an owner's act; not themselves), ending
/// their sessions.
pub async fn remove(pool: &AnyPool, seller: i64, by: i64, user: i64, now: &str) -> ApiResult<()> {
    if user == by {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::RemoveSelf,
            "an owner cannot remove themselves: another owner must",
        ));
    }
    let mut tx = crate::infra::db::begin_write(pool).await?;
    let done = sqlx::query(
        "UPDATE seller_users SET removed_at = $1 WHERE id = $2 AND seller_id = $3 AND removed_at IS NULL",
    )
    .bind(now)
    .bind(user)
    .bind(seller)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        // Another seller's user, or gone already: nothing of theirs is told.
        return Err(ApiError::not_found("user"));
    }
    sqlx::query("DELETE FROM seller_sessions WHERE user_id = $1")
        .bind(user)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(user, seller, by, "seller user removed");
    Ok(())
}

#[derive(sqlx::FromRow)]
struct PrefsRow {
    lang: String,
    mail_orders: i64,
}

/// The user's preferences for the shop's mails.
pub async fn prefs(pool: &AnyPool, user: i64) -> Result<SellerPrefs, sqlx::Error> {
    let r: PrefsRow = sqlx::query_as("SELECT lang, mail_orders FROM seller_users WHERE id = $1")
        .bind(user)
        .fetch_one(pool)
        .await?;
    Ok(SellerPrefs {
        lang: Lang::from_tag(&r.lang).unwrap_or(Lang::EnUs),
        mail_orders: r.mail_orders != 0,
    })
}

/// Changes the user's own preferences (what is given of them).
pub async fn change_prefs(
    pool: &AnyPool,
    user: i64,
    change: &SellerPrefsChange,
) -> Result<SellerPrefs, sqlx::Error> {
    sqlx::query(
        "UPDATE seller_users SET lang = COALESCE($2, lang), mail_orders = COALESCE($3, mail_orders) WHERE id = $1",
    )
    .bind(user)
    .bind(change.lang.map(Lang::tag))
    .bind(change.mail_orders.map(i64::from))
    .execute(pool)
    .await?;
    prefs(pool, user).await
}
