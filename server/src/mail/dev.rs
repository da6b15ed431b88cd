//! The development mailer: mails are not sent but kept in the database's
//! development outbox, so a developer or a test reads a seller's sign-in code
//! at `GET /api/dev/mail?to=…` whichever process sent it (the command line's
//! invitation included). Production refuses it (mod.rs).

use serde::Serialize;
use sqlx::AnyPool;

use super::{Mail, MailError, Mailer};

/// How many mails per address the outbox keeps.
const KEEP: i64 = 20;

pub struct DevMailer {
    pool: AnyPool,
}

/// A mail in the development outbox.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct DevMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    /// RFC 3339
    pub sent_at: String,
}

impl DevMailer {
    pub fn new(pool: AnyPool) -> Self {
        Self { pool }
    }

    /// The mails to `to`, oldest first (the newest last).
    pub async fn mails(&self, to: &str) -> Result<Vec<DevMail>, sqlx::Error> {
        sqlx::query_as(
            "SELECT to_address AS \"to\", subject, text, sent_at FROM dev_mail WHERE to_address = $1 ORDER BY id",
        )
        .bind(to.trim().to_lowercase())
        .fetch_all(&self.pool)
        .await
    }
}

#[async_trait::async_trait]
impl Mailer for DevMailer {
    async fn send(&self, mail: &Mail) -> Result<(), MailError> {
        let fail = |e: sqlx::Error| MailError(format!("development outbox: {e}"));
        let to = mail.to.trim().to_lowercase();
        sqlx::query(
            "INSERT INTO dev_mail (to_address, subject, text, sent_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&to)
        .bind(&mail.subject)
        .bind(&mail.text)
        .bind(crate::infra::clock::stamp(time::OffsetDateTime::now_utc()))
        .execute(&self.pool)
        .await
        .map_err(fail)?;
        sqlx::query(
            "DELETE FROM dev_mail WHERE to_address = $1 AND id NOT IN
               (SELECT id FROM dev_mail WHERE to_address = $1 ORDER BY id DESC LIMIT $2)",
        )
        .bind(&to)
        .bind(KEEP)
        .execute(&self.pool)
        .await
        .map_err(fail)?;
        // Development only: a real mailer never logs what it sends.
        tracing::info!(to = %to, subject = %mail.subject, "development mail kept in the outbox");
        Ok(())
    }
}
