//! `HAITAO_ENV=production` refuses every development convenience, and the
//! operator's commands (refund, customs export) work on a real database.
//! These run the built binary.

use crate::common::binary::{listened, log_until_listening, server};
use crate::common::{identity, Shop, TEST_SECRET};
use serde_json::json;

/// Runs the server with `env`; it must exit at once, failing, saying `why`.
fn refuses(db: &std::path::Path, env: &[(&str, &str)], why: &str) {
    let out = server()
        .args(["--database", &db.display().to_string(), "--port", "0"])
        .envs(env.iter().copied())
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "started with {env:?}");
    assert!(err.contains(why), "{env:?}: {err}");
}

#[test]
fn production_refuses_what_development_allows() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("shop.db");
    let secret = std::str::from_utf8(TEST_SECRET).unwrap_or_default();
    // No secret: it would otherwise be made and kept beside the database.
    refuses(
        &db,
        &[("HAITAO_ENV", "production"), CONTACT],
        "HAITAO_SECRET",
    );
    assert!(
        !dir.path().join("shop.key").exists(),
        "no key file made in production"
    );
    refuses(
        &db,
        &[
            ("HAITAO_ENV", "production"),
            CONTACT,
            ("HAITAO_SECRET", "too-short"),
        ],
        "at least 32",
    );
    // Long enough, but anyone could guess it.
    refuses(
        &db,
        &[
            ("HAITAO_ENV", "production"),
            CONTACT,
            ("HAITAO_SECRET", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        ],
        "different characters",
    );
    // Sign-in codes would go to the log: the development SMS sender is refused,
    // and so is a half-configured real one.
    let base = [
        ("HAITAO_ENV", "production"),
        ("HAITAO_SECRET", secret),
        CONTACT,
    ];
    refuses(&db, &base, "development SMS sender");
    let half = [base[0], base[1], base[2], ("HAITAO_SMS", "aliyun")];
    refuses(&db, &half, "HAITAO_ALIYUN_ACCESS_KEY_ID");
    // The notices (an answer, a harvest) need their own approved templates.
    let no_notices: Vec<_> = base
        .iter()
        .copied()
        .chain(ALIYUN_SMS.into_iter().filter(|(k, _)| {
            *k != "HAITAO_ALIYUN_SMS_TEMPLATE_ANSWER"
                && *k != "HAITAO_ALIYUN_SMS_TEMPLATE_HARVEST"
                && *k != "HAITAO_ALIYUN_SMS_TEMPLATE_SHIPPED"
                && *k != "HAITAO_ALIYUN_SMS_TEMPLATE_DELIVERED"
        }))
        .collect();
    refuses(
        &db,
        &no_notices,
        "HAITAO_ALIYUN_SMS_TEMPLATE_ANSWER, HAITAO_ALIYUN_SMS_TEMPLATE_HARVEST, HAITAO_ALIYUN_SMS_TEMPLATE_SHIPPED, HAITAO_ALIYUN_SMS_TEMPLATE_DELIVERED",
    );
    let mut env = base.to_vec();
    env.extend(ALIYUN_SMS);
    // The code and the AccessKeyId would travel in clear.
    refuses(
        &db,
        &[
            &env[..],
            &[(
                "HAITAO_ALIYUN_SMS_ENDPOINT",
                "http://dysmsapi.aliyuncs.com/",
            )],
        ]
        .concat(),
        "HAITAO_ALIYUN_SMS_ENDPOINT=\"http://dysmsapi.aliyuncs.com/\" must be https",
    );
    // Sellers' sign-in codes would go to the development outbox; a relay
    // named but not configured, or without TLS, is refused too.
    refuses(&db, &env, "development outbox");
    refuses(
        &db,
        &[&env[..], &[("HAITAO_MAIL", "smtp")]].concat(),
        "HAITAO_SMTP_HOST",
    );
    refuses(
        &db,
        &[&env[..], &SMTP[..], &[("HAITAO_SMTP_TLS", "none")]].concat(),
        "HAITAO_SMTP_TLS=none",
    );
    env.extend(SMTP);
    // The sandbox is refused; so is a provider named but half-configured.
    refuses(&db, &env, "sandbox");
    refuses(
        &db,
        &[&env[..], &[("HAITAO_PAYMENTS", "nonesuch")]].concat(),
        "no such payment provider",
    );
    let (key_path, public) = alipay_keys(dir.path());
    env.extend([
        ("HAITAO_PAYMENTS", "alipay"),
        ("HAITAO_ALIPAY_PARTNER", "2088101568338364"),
    ]);
    refuses(
        &db,
        &env,
        "HAITAO_ALIPAY_PRIVATE_KEY_FILE, HAITAO_ALIPAY_PUBLIC_KEY",
    );
    env.extend([
        ("HAITAO_ALIPAY_PRIVATE_KEY_FILE", key_path.as_str()),
        ("HAITAO_ALIPAY_PUBLIC_KEY", public.as_str()),
    ]);
    // Alipay could not reach the shop back: no public https address.
    refuses(&db, &env, "HAITAO_PUBLIC_URL");
    env.push(("HAITAO_PUBLIC_URL", "https://shop.example"));
    // Settings of a provider that is not named: half-done.
    refuses(
        &db,
        &[&env[..], &[("HAITAO_WECHAT_MCHID", "1900009191")]].concat(),
        "does not name wechat",
    );
    refuses(
        &db,
        &[
            &env[..],
            &[("HAITAO_ALIPAY_GATEWAY", "http://alipay.example/gateway.do")],
        ]
        .concat(),
        "must be https",
    );
    // The privacy policy would name development's placeholder as the contact.
    let without_contact: Vec<_> = env.iter().copied().filter(|e| *e != CONTACT).collect();
    refuses(&db, &without_contact, "HAITAO_CONTACT");
    // Parcels would move by development's script, not their carriers.
    refuses(&db, &env, "development tracking provider");
    refuses(
        &db,
        &[&env[..], &[("HAITAO_TRACKING", "kuaidi100")]].concat(),
        "HAITAO_KUAIDI100_KEY, HAITAO_KUAIDI100_CUSTOMER",
    );
    env.extend(KUAIDI100);
    refuses(
        &db,
        &[
            &env[..],
            &[("HAITAO_KUAIDI100_URL", "http://poll.kuaidi100.com")],
        ]
        .concat(),
        "must be https",
    );
    // Configured whole: production starts.
    starts(&db, &env);
    // A typo is not development.
    refuses(&db, &[("HAITAO_ENV", "prodution")], "HAITAO_ENV");
}

/// Alipay's keys as an operator has them: the shop's private key in a file
/// in `dir` (its path) and Alipay's public key as its console shows it.
fn alipay_keys(dir: &std::path::Path) -> (String, String) {
    let (_, keys) = crate::fakes::alipay::FakeAlipay::new();
    let key_file = dir.join("alipay_app_private.pem");
    std::fs::write(&key_file, &keys.merchant_pem).expect("key file");
    (key_file.display().to_string(), keys.provider_bare())
}

/// Where shoppers write about their personal information (the privacy policy).
const CONTACT: (&str, &str) = ("HAITAO_CONTACT", "privacy@shop.example");

/// Aliyun SMS configured whole (its endpoint left to the default, Aliyun's own).
const ALIYUN_SMS: [(&str, &str); 13] = [
    ("HAITAO_SMS", "aliyun"),
    ("HAITAO_ALIYUN_ACCESS_KEY_ID", "id"),
    ("HAITAO_ALIYUN_ACCESS_KEY_SECRET", "secret"),
    ("HAITAO_ALIYUN_SMS_SIGN_NAME", "海淘美国"),
    ("HAITAO_ALIYUN_SMS_TEMPLATE_CODE", "SMS_1"),
    ("HAITAO_ALIYUN_SMS_TEMPLATE_ANSWER", "SMS_2"),
    ("HAITAO_ALIYUN_SMS_TEMPLATE_HARVEST", "SMS_3"),
    ("HAITAO_ALIYUN_SMS_TEMPLATE_SHIPPED", "SMS_4"),
    ("HAITAO_ALIYUN_SMS_TEMPLATE_DELIVERED", "SMS_5"),
    ("HAITAO_ALIYUN_SMS_TEMPLATE_CUSTOMS_REFUSED", "SMS_6"),
    ("HAITAO_ALIYUN_SMS_TEMPLATE_AFTERSALES", "SMS_7"),
    ("HAITAO_ALIYUN_SMS_TEMPLATE_BACK_IN_STOCK", "SMS_8"),
    ("HAITAO_ALIYUN_SMS_TEMPLATE_PRESALE_UNFILLED", "SMS_9"),
];

/// Kuaidi100 configured whole (its address left to the default, its own).
const KUAIDI100: [(&str, &str); 3] = [
    ("HAITAO_TRACKING", "kuaidi100"),
    ("HAITAO_KUAIDI100_KEY", "key"),
    ("HAITAO_KUAIDI100_CUSTOMER", "CUSTOMER"),
];

/// An SMTP relay configured whole (STARTTLS, the default).
const SMTP: [(&str, &str); 5] = [
    ("HAITAO_MAIL", "smtp"),
    ("HAITAO_SMTP_HOST", "smtp.example.com"),
    ("HAITAO_SMTP_USER", "shop"),
    ("HAITAO_SMTP_PASSWORD", "relay-password"),
    ("HAITAO_MAIL_FROM", "haitao <sellers@shop.example>"),
];

/// Runs the server with `env`; it must start serving (then it is stopped).
fn starts(db: &std::path::Path, env: &[(&str, &str)]) {
    let child = server()
        .args(["--database", &db.display().to_string(), "--port", "0"])
        .envs(env.iter().copied())
        .env("RUST_LOG", "info")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run");
    let seen = log_until_listening(child);
    assert!(
        listened(&seen),
        "did not start with {env:?}: {}",
        seen.join("\n")
    );
}

/// Development hands every sign-in code to anyone (`/api/dev/sms`) and makes
/// its own secret: a real provider or SMS sender beside that is refused; only
/// local fakes (this machine's addresses) are reached from development.
#[test]
fn development_refuses_real_providers() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("shop.db");
    // Aliyun's own endpoint (the default) from development: refused.
    refuses(
        &db,
        &ALIYUN_SMS,
        "HAITAO_ENV=production to use real providers",
    );
    // Kuaidi100's own address from development: refused; its fake is not.
    refuses(
        &db,
        &KUAIDI100,
        "HAITAO_ENV=production to use real providers",
    );
    starts(
        &db,
        &[
            &KUAIDI100[..],
            &[("HAITAO_KUAIDI100_URL", "http://127.0.0.1:9")],
        ]
        .concat(),
    );
    // A real mail relay from development: refused.
    refuses(&db, &SMTP, "is a real relay");
    let (key_path, public) = alipay_keys(dir.path());
    let alipay = [
        ("HAITAO_PAYMENTS", "alipay"),
        ("HAITAO_ALIPAY_PARTNER", "2088101568338364"),
        ("HAITAO_ALIPAY_PRIVATE_KEY_FILE", key_path.as_str()),
        ("HAITAO_ALIPAY_PUBLIC_KEY", public.as_str()),
    ];
    // Alipay's real gateway (the default) from development: refused...
    refuses(&db, &alipay, "HAITAO_ALIPAY_GATEWAY");
    refuses(
        &db,
        &[
            &alipay[..],
            &[(
                "HAITAO_ALIPAY_GATEWAY",
                "https://intlmapi.alipay.com/gateway.do",
            )],
        ]
        .concat(),
        "HAITAO_ENV=production to use real providers",
    );
    // ...a local fake is what development is for.
    starts(
        &db,
        &[
            &alipay[..],
            &[("HAITAO_ALIPAY_GATEWAY", "http://127.0.0.1:9/gateway.do")],
        ]
        .concat(),
    );
}

#[test]
fn development_keeps_its_secret_in_a_private_file_beside_the_database() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("shop.db");
    let out = server()
        .args([
            "--database",
            &db.display().to_string(),
            "preview-token",
            "--seller",
            "no-such-seller",
        ])
        .output()
        .expect("run");
    assert!(!out.status.success(), "no such seller");
    let key = dir.path().join("shop.key");
    let meta = std::fs::metadata(&key).expect("key file made");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }
    let secret = std::fs::read_to_string(&key).expect("key");
    assert!(secret.trim().len() >= 32);
    let db_bytes = std::fs::read(&db).expect("db");
    assert!(
        !db_bytes
            .windows(secret.trim().len())
            .any(|w| w == secret.trim().as_bytes()),
        "the secret is not in the database"
    );
}

#[tokio::test]
async fn the_operator_refunds_and_declares_from_the_command_line() {
    let shop = Shop::new().await;
    let mut paid = Vec::new();
    for i in 0..2 {
        let o = shop
            .order_of(
                json!([{"sku": "AL-500G", "qty": 1}]),
                identity(),
                &format!("cli-order-key-{i:03}"),
            )
            .await;
        let id = o["id"].as_str().expect("id").to_owned();
        let (_, start) = shop
            .pay(&id, "wechat", &format!("cli-pay-key-{i:03}"))
            .await;
        shop.choose(start["payment_id"].as_str().expect("payment"), "succeeded")
            .await;
        paid.push(id);
    }
    let db = shop.database();
    let secret = std::str::from_utf8(TEST_SECRET).unwrap_or_default();
    let run = |args: &[&str]| {
        server()
            .args(["--database", db.as_str()])
            .args(args)
            .env("HAITAO_SECRET", secret)
            .output()
            .expect("run")
    };
    let out = run(&["refund", &paid[0]]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains(&format!("of order {}: done", paid[0])),
        "{said}"
    );
    let (_, o) = shop.get(&format!("/api/orders/{}", paid[0])).await;
    assert_eq!(o["cancel_reason"], "refunded");
    let out = run(&["refunds"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "every refund is done"
    );
    // A refund that failed at the provider is listed, and sent again on the operator's word.
    let (refund,): (String,) = sqlx::query_as("SELECT id FROM refunds")
        .fetch_one(&shop.state.db)
        .await
        .expect("refund");
    let fail_as = |why: &'static str| {
        sqlx::query("UPDATE refunds SET status = 'failed', failure = $1 WHERE id = $2")
            .bind(why)
            .bind(&refund)
            .execute(&shop.state.db)
    };
    // ABNORMAL is settled in WeChat Pay's merchant platform, not sent again.
    fail_as("ABNORMAL").await.expect("failed");
    let out = run(&["refunds"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(&format!("{refund} order {}", paid[0])),
        "{said}"
    );
    assert!(said.contains("failed (ABNORMAL)"), "{said}");
    let out = run(&["refunds", "--retry", &refund]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!("--handled {refund}")),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["refunds", "--handled", &refund]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["refunds"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "every refund is done"
    );
    // CLOSED is sent again, under a new number.
    fail_as("CLOSED").await.expect("failed");
    let out = run(&["refunds", "--retry", &refund]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["refunds", "--retry", &refund]);
    assert!(!out.status.success(), "only a failed refund is sent again");
    let (status, attempt): (String, i64) =
        sqlx::query_as("SELECT status, attempt FROM refunds WHERE id = $1")
            .bind(&refund)
            .fetch_one(&shop.state.db)
            .await
            .expect("refund");
    assert_eq!((status.as_str(), attempt), ("requested", 1));

    let dir = tempfile::tempdir().expect("dir");
    let out_dir = dir.path().display().to_string();
    let out = run(&["customs", "export", &out_dir]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("1 declaration(s) written"), "{said}");
    let file = dir.path().join(format!("CEB311_{}.xml", paid[1]));
    let xml = std::fs::read_to_string(file).expect("declaration");
    assert!(xml.contains("<ceb:buyerIdNumber>11010519491231002X</ceb:buyerIdNumber>"));
    // In production the customs parties must be configured.
    let out = server()
        .args(["--database", db.as_str(), "customs", "export", &out_dir])
        .env("HAITAO_ENV", "production")
        .env("HAITAO_SECRET", secret)
        .output()
        .expect("run");
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("must be signed"), "{said}");
    // Told that the transfer client signs, it asks for the parties.
    let out = server()
        .args(["--database", db.as_str(), "customs", "export", &out_dir])
        .env("HAITAO_ENV", "production")
        .env("HAITAO_SECRET", secret)
        .env("HAITAO_CUSTOMS_SIGNED_BY", "transfer-client")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("HAITAO_CUSTOMS_EBP_CODE"));
}
