//! Mail through an SMTP relay (lettre), TLS required: STARTTLS (port 587 by
//! default) or TLS from the first byte (`implicit`, 465). A server that does
//! not offer STARTTLS gets nothing, not even the password. Plain SMTP
//! (`none`) is for a development relay on this machine only; development
//! reaches no other relay (the one outbound rule, infra/mode.rs).

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::{Mail, MailError, Mailer};
use crate::infra::mode::Mode;

/// lettre's own timeout bounds only the connection; a relay that accepts and
/// then says nothing is bounded by this, around the whole send.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TlsMode {
    StartTls,
    Implicit,
    None,
}

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    pub fn from_env(mode: Mode, get: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let get = |k: &str| {
            get(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let host = get("HAITAO_SMTP_HOST").ok_or("HAITAO_MAIL=smtp needs HAITAO_SMTP_HOST")?;
        let tls = match get("HAITAO_SMTP_TLS").as_deref() {
            None | Some("starttls") => TlsMode::StartTls,
            Some("implicit") => TlsMode::Implicit,
            Some("none") => TlsMode::None,
            Some(other) => {
                return Err(format!(
                    "HAITAO_SMTP_TLS={other:?}: expected starttls, implicit or none"
                ))
            }
        };
        if mode.is_production() && tls == TlsMode::None {
            return Err("HAITAO_ENV=production: HAITAO_SMTP_TLS=none would send sign-in codes and the relay's password in clear; use starttls or implicit".into());
        }
        if !mode.is_production() && !crate::infra::mode::is_loopback_host(&host) {
            return Err(format!(
                "HAITAO_SMTP_HOST={host:?} is a real relay, and this shop runs in development \
                 (HAITAO_ENV unset), where anyone can read sign-in codes at /api/dev/mail; \
                 set HAITAO_ENV=production to send real mail (development reaches only a relay \
                 on 127.0.0.1)"
            ));
        }
        let port = match get("HAITAO_SMTP_PORT") {
            Some(p) => p
                .parse::<u16>()
                .map_err(|_| format!("HAITAO_SMTP_PORT={p:?}: not a port"))?,
            None if tls == TlsMode::Implicit => 465,
            None => 587,
        };
        let from: Mailbox = get("HAITAO_MAIL_FROM")
            .ok_or("HAITAO_MAIL=smtp needs HAITAO_MAIL_FROM (for instance `haitao <sellers@example.com>`)")?
            .parse()
            .map_err(|e| format!("HAITAO_MAIL_FROM: {e}"))?;
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&host)
            .port(port)
            .timeout(Some(Duration::from_secs(10)));
        if tls != TlsMode::None {
            let mut params = TlsParameters::builder(host.clone());
            if let Some(path) = get("HAITAO_SMTP_CA_FILE") {
                let pem = std::fs::read(&path)
                    .map_err(|e| format!("HAITAO_SMTP_CA_FILE={path:?}: {e}"))?;
                let cert = Certificate::from_pem(&pem)
                    .map_err(|e| format!("HAITAO_SMTP_CA_FILE={path:?}: {e}"))?;
                params = params.add_root_certificate(cert);
            }
            let params = params
                .build_rustls()
                .map_err(|e| format!("SMTP TLS settings: {e}"))?;
            builder = builder.tls(match tls {
                TlsMode::Implicit => Tls::Wrapper(params),
                _ => Tls::Required(params),
            });
        }
        match (get("HAITAO_SMTP_USER"), get("HAITAO_SMTP_PASSWORD")) {
            (Some(user), Some(password)) => {
                builder = builder.credentials(Credentials::new(user, password));
            }
            (None, None) => {}
            _ => return Err("HAITAO_SMTP_USER and HAITAO_SMTP_PASSWORD go together".into()),
        }
        Ok(Self {
            transport: builder.build(),
            from,
        })
    }
}

#[async_trait::async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &Mail) -> Result<(), MailError> {
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|e| MailError(format!("not an address: {e}")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(mail.text.clone())
            .map_err(|e| MailError(e.to_string()))?;
        match tokio::time::timeout(SEND_TIMEOUT, self.transport.send(message)).await {
            Ok(Ok(_)) => Ok(()),
            // lettre's errors name the relay and its answer, never the mail.
            Ok(Err(e)) => Err(MailError(e.to_string())),
            Err(_) => Err(MailError(format!(
                "the relay did not answer within {} s",
                SEND_TIMEOUT.as_secs()
            ))),
        }
    }
}
