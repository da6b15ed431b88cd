//! The SMTP mailer against a real SMTP server (aiosmtpd, a child process
//! with a certificate openssl makes): it sends over STARTTLS or TLS from the
//! first byte, trusting the relay's certificate only when told to, and sends
//! nothing (no password either) to a relay that offers no TLS.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};

use base64::Engine;
use haitao_server::infra::mode::Mode;
use haitao_server::mail::smtp::SmtpMailer;
use haitao_server::mail::{Mail, Mailer};

struct Relay {
    child: Child,
    lines: BufReader<ChildStdout>,
    port: u16,
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A self-signed certificate for localhost in `dir`: (cert, key) paths.
fn certificate(dir: &std::path::Path) -> (String, String) {
    let (cert, key) = (dir.join("relay.pem"), dir.join("relay.key"));
    let out = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
        ])
        // A server's certificate, not an authority's: rustls takes it as the
        // one trusted certificate, as rcgen's self-signed ones.
        .args(["-addext", "subjectAltName=DNS:localhost"])
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .args(["-addext", "extendedKeyUsage=serverAuth"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .unwrap_or_else(|e| panic!("openssl (scripts/setup installs it): {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (cert.display().to_string(), key.display().to_string())
}

fn relay(mode: &str, cert: &str, key: &str) -> Relay {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = root.join("../.venv/bin/python");
    let mut child = Command::new(&python)
        .arg(root.join("tests/fixtures/smtp_sink.py"))
        .args([mode, cert, key, "shop", "relay-password"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "{} with aiosmtpd (scripts/setup installs it): {e}",
                python.display()
            )
        });
    let mut lines = BufReader::new(child.stdout.take().expect("stdout"));
    let mut ready = String::new();
    lines.read_line(&mut ready).expect("the relay's first line");
    let port = ready
        .strip_prefix("READY ")
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or_else(|| panic!("the relay did not start: {ready:?}"));
    Relay { child, lines, port }
}

/// What the relay received next: (envelope recipients, the message's text).
fn received(relay: &mut Relay) -> (Vec<String>, String) {
    let mut line = String::new();
    relay.lines.read_line(&mut line).expect("a message");
    let v: serde_json::Value = serde_json::from_str(&line).expect("json");
    let to = v["to"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let raw = base64::engine::general_purpose::STANDARD
        .decode(v["data"].as_str().unwrap_or(""))
        .expect("base64");
    (to, String::from_utf8_lossy(&raw).into_owned())
}

/// The body of a single-part message (lettre writes UTF-8 text as base64).
fn body_of(message: &str) -> String {
    let (_, body) = message
        .split_once("\r\n\r\n")
        .expect("headers, then the body");
    let joined: String = body.split_whitespace().collect();
    match base64::engine::general_purpose::STANDARD.decode(&joined) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => body.to_owned(),
    }
}

fn mailer(port: u16, extra: &[(&str, &str)]) -> Result<SmtpMailer, String> {
    let port = port.to_string();
    let mut env: Vec<(String, String)> = vec![
        ("HAITAO_MAIL".into(), "smtp".into()),
        ("HAITAO_SMTP_HOST".into(), "localhost".into()),
        ("HAITAO_SMTP_PORT".into(), port),
        ("HAITAO_SMTP_USER".into(), "shop".into()),
        ("HAITAO_SMTP_PASSWORD".into(), "relay-password".into()),
        (
            "HAITAO_MAIL_FROM".into(),
            "海淘 haitao <sellers@shop.example>".into(),
        ),
    ];
    for (k, v) in extra {
        env.retain(|(n, _)| n != k);
        env.push(((*k).into(), (*v).into()));
    }
    SmtpMailer::from_env(Mode::Development, |k| {
        env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    })
}

fn mail() -> Mail {
    Mail {
        to: "owner@willow-creek.example".into(),
        subject: "123456 is your haitao seller sign-in code / 海淘卖家登录验证码".into(),
        text: "Your code is 123456.\n您的验证码是 123456。\n".into(),
    }
}

#[tokio::test]
async fn mail_goes_over_starttls_and_implicit_tls_to_a_trusted_relay() {
    let dir = tempfile::tempdir().expect("dir");
    let (cert, key) = certificate(dir.path());
    for (mode, tls) in [("starttls", "starttls"), ("implicit", "implicit")] {
        let mut relay = relay(mode, &cert, &key);
        let m = mailer(
            relay.port,
            &[("HAITAO_SMTP_TLS", tls), ("HAITAO_SMTP_CA_FILE", &cert)],
        )
        .expect("configured");
        m.send(&mail())
            .await
            .unwrap_or_else(|e| panic!("{mode}: {e}"));
        let (to, message) = received(&mut relay);
        assert_eq!(to, ["owner@willow-creek.example"], "{mode}");
        assert!(message.contains("sellers@shop.example"), "{message}");
        let body = body_of(&message);
        assert!(body.contains("您的验证码是 123456"), "{mode}: {body}");
    }
}

#[tokio::test]
async fn nothing_is_sent_without_tls_or_to_an_unknown_certificate() {
    let dir = tempfile::tempdir().expect("dir");
    let (cert, key) = certificate(dir.path());
    // A relay that offers no STARTTLS gets nothing, not even the password.
    let plain = relay("plain", &cert, &key);
    let m = mailer(plain.port, &[("HAITAO_SMTP_CA_FILE", &cert)]).expect("configured");
    let err = m
        .send(&mail())
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("STARTTLS"), "{err}");
    // A certificate nobody vouches for: refused.
    let tls = relay("starttls", &cert, &key);
    let m = mailer(tls.port, &[]).expect("configured");
    assert!(
        m.send(&mail()).await.is_err(),
        "an unknown certificate was trusted"
    );
    // The wrong password: refused by the relay, said as the relay said it.
    let fresh = relay("starttls", &cert, &key);
    let m = mailer(
        fresh.port,
        &[
            ("HAITAO_SMTP_CA_FILE", &cert),
            ("HAITAO_SMTP_PASSWORD", "wrong"),
        ],
    )
    .expect("configured");
    let err = m
        .send(&mail())
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("535"), "{err}");
    assert!(
        !err.contains("wrong"),
        "the password stays out of the error: {err}"
    );
}
