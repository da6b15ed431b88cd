//! Email: sellers' sign-in codes and invitations go out through a `Mailer`.
//! Development uses one that keeps every mail in the database's development
//! outbox (`dev_mail`), which `GET /api/dev/mail` shows and any process (the
//! server, the command line) writes; production requires SMTP (smtp.rs) over
//! TLS and refuses the development mailer.

pub mod dev;
pub mod smtp;

use std::sync::Arc;

use sqlx::AnyPool;

use crate::infra::mode::Mode;

/// One plain-text mail to one address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
#[error("mail: {0}")]
pub struct MailError(pub String);

#[async_trait::async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, mail: &Mail) -> Result<(), MailError>;
}

/// The mailer in use, and the development one when it is that one.
pub type Mailers = (Arc<dyn Mailer>, Option<Arc<dev::DevMailer>>);

/// The mailer the settings chose, checked for the mode; the development one
/// needs the database (`mailers`).
pub enum Choice {
    Development,
    Smtp(Arc<smtp::SmtpMailer>),
}

impl Choice {
    pub fn mailers(self, pool: &AnyPool) -> Mailers {
        match self {
            Choice::Development => {
                let dev = Arc::new(dev::DevMailer::new(pool.clone()));
                (dev.clone(), Some(dev))
            }
            Choice::Smtp(smtp) => (smtp, None),
        }
    }
}

/// The mailer `HAITAO_MAIL` names: `development` (the default outside
/// production) or `smtp`. Production refuses the development mailer.
pub fn from_env(mode: Mode, get: impl Fn(&str) -> Option<String>) -> Result<Choice, String> {
    let choice = get("HAITAO_MAIL").filter(|v| !v.trim().is_empty());
    match choice.as_deref().map(str::trim) {
        None | Some("development") if mode.is_production() => Err(
            "HAITAO_ENV=production: sellers' sign-in codes would go to the development outbox \
             (/api/dev/mail); set HAITAO_MAIL=smtp and its HAITAO_SMTP_* settings"
                .into(),
        ),
        None | Some("development") => Ok(Choice::Development),
        Some("smtp") => Ok(Choice::Smtp(Arc::new(smtp::SmtpMailer::from_env(
            mode, get,
        )?))),
        Some(other) => Err(format!(
            "HAITAO_MAIL={other:?}: no such mailer (known: development, smtp)"
        )),
    }
}

/// Whether `email` is an address a mail can go to: one `@`, a name before
/// it, a domain with a dot after it, no spaces or angle brackets. What it
/// returns is the form the shop keeps: trimmed and lowercased.
pub fn check_address(email: &str) -> Option<String> {
    let email = email.trim().to_lowercase();
    let (name, domain) = email.split_once('@')?;
    let fine = |s: &str| {
        !s.is_empty()
            && s.len() <= 190
            && !s
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\\\"@".contains(c))
    };
    let domain_fine = fine(domain)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..");
    (fine(name) && domain_fine).then_some(email)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_needs_a_real_mailer() {
        assert!(from_env(Mode::Production, |_| None).is_err());
        assert!(from_env(Mode::Production, |k| (k == "HAITAO_MAIL")
            .then(|| "development".into()))
        .is_err());
        assert!(matches!(
            from_env(Mode::Development, |_| None),
            Ok(Choice::Development)
        ));
        assert!(from_env(Mode::Development, |k| (k == "HAITAO_MAIL")
            .then(|| "postcard".into()))
        .is_err());
    }

    #[test]
    fn smtp_is_tls_in_production_and_this_machine_in_development() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        const RELAY: &[(&str, &str)] = &[
            ("HAITAO_MAIL", "smtp"),
            ("HAITAO_SMTP_HOST", "smtp.example.com"),
            ("HAITAO_MAIL_FROM", "haitao <sellers@example.com>"),
        ];
        const CLEAR: &[(&str, &str)] = &[
            ("HAITAO_MAIL", "smtp"),
            ("HAITAO_SMTP_HOST", "smtp.example.com"),
            ("HAITAO_SMTP_TLS", "none"),
            ("HAITAO_MAIL_FROM", "haitao <sellers@example.com>"),
        ];
        const LOCAL: &[(&str, &str)] = &[
            ("HAITAO_MAIL", "smtp"),
            ("HAITAO_SMTP_HOST", "127.0.0.1"),
            ("HAITAO_SMTP_PORT", "2525"),
            ("HAITAO_MAIL_FROM", "haitao <sellers@example.com>"),
        ];
        const NO_FROM: &[(&str, &str)] =
            &[("HAITAO_MAIL", "smtp"), ("HAITAO_SMTP_HOST", "127.0.0.1")];
        assert!(from_env(Mode::Production, env(RELAY)).is_ok());
        let clear = from_env(Mode::Production, env(CLEAR))
            .err()
            .unwrap_or_default();
        assert!(clear.contains("HAITAO_SMTP_TLS=none"), "{clear}");
        let real = from_env(Mode::Development, env(RELAY))
            .err()
            .unwrap_or_default();
        assert!(real.contains("is a real relay"), "{real}");
        assert!(from_env(Mode::Development, env(LOCAL)).is_ok());
        let from = from_env(Mode::Development, env(NO_FROM))
            .err()
            .unwrap_or_default();
        assert!(from.contains("HAITAO_MAIL_FROM"), "{from}");
    }

    #[test]
    fn addresses_are_kept_trimmed_and_lowercased() {
        assert_eq!(
            check_address("  Owner@Cascade-Orchards.com ").as_deref(),
            Some("owner@cascade-orchards.com")
        );
        for bad in [
            "",
            "owner",
            "owner@",
            "@farm.com",
            "owner@farm",
            "owner@@farm.com",
            "own er@farm.com",
            "owner@farm..com",
            "owner@.farm.com",
            "<owner@farm.com>",
            "owner@farm.com\r\nBcc: x@y.z",
        ] {
            assert_eq!(check_address(bad), None, "{bad:?}");
        }
    }
}
