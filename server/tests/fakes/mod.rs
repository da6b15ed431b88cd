//! Local fakes of the payment providers' endpoints, for tests only. Each one
//! checks every request the shop sends exactly as the provider's documentation
//! describes (its own reading of the rules, not the shop's code), answers as
//! the provider would, and makes the provider's notifications, signed with keys
//! the test made. The e2e tests run them as a server
//! (`cargo run -p haitao-server --example fake_providers`).

#![allow(dead_code)]

pub mod alipay;
pub mod kuaidi100;
pub mod wechat;

/// Serves `router` on a free local port; its base URL.
pub async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}")
}

/// `name=value` pairs of a query or form, decoded.
pub fn pairs(raw: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The value of `name` among `pairs` (empty when absent).
pub fn value(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// The keys a shop is configured with for a fake provider: its own private
/// key (PKCS#8 PEM, as operators keep it) and the provider's public key (PEM).
pub struct ShopKeys {
    pub merchant_pem: String,
    pub provider_pem: String,
}

impl ShopKeys {
    fn of(shop: &rsa::RsaPrivateKey, provider: &rsa::RsaPrivateKey) -> Self {
        use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
        Self {
            merchant_pem: shop.to_pkcs8_pem(LineEnding::LF).expect("pem").to_string(),
            provider_pem: rsa::RsaPublicKey::from(provider)
                .to_public_key_pem(LineEnding::LF)
                .expect("pem"),
        }
    }

    /// The provider's key as Alipay's console shows it: base64, no PEM lines.
    pub fn provider_bare(&self) -> String {
        self.provider_pem
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect()
    }
}

/// The settings an operator would set (key files written into `dir`), with
/// the fakes' addresses.
pub fn shop_settings(
    dir: &std::path::Path,
    alipay: &ShopKeys,
    alipay_base: &str,
    wechat: &ShopKeys,
    wechat_base: &str,
) -> Vec<(&'static str, String)> {
    let file = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("key file");
        path.display().to_string()
    };
    vec![
        ("HAITAO_ALIPAY_PARTNER", "2088101568338364".into()),
        (
            "HAITAO_ALIPAY_PRIVATE_KEY_FILE",
            file("alipay_app_private.pem", &alipay.merchant_pem),
        ),
        ("HAITAO_ALIPAY_PUBLIC_KEY", alipay.provider_bare()),
        ("HAITAO_ALIPAY_GATEWAY", format!("{alipay_base}/gateway.do")),
        ("HAITAO_WECHAT_MCHID", wechat::MCHID.into()),
        ("HAITAO_WECHAT_APPID", wechat::APPID.into()),
        ("HAITAO_WECHAT_APP_SECRET", wechat::APP_SECRET.into()),
        (
            "HAITAO_WECHAT_PRIVATE_KEY_FILE",
            file("apiclient_key.pem", &wechat.merchant_pem),
        ),
        ("HAITAO_WECHAT_SERIAL", wechat::SERIAL.into()),
        (
            "HAITAO_WECHAT_PLATFORM_KEY_FILE",
            file("pub_key.pem", &wechat.provider_pem),
        ),
        (
            "HAITAO_WECHAT_PLATFORM_KEY_ID",
            wechat::PLATFORM_KEY_ID.into(),
        ),
        (
            "HAITAO_WECHAT_APIV3_KEY",
            String::from_utf8_lossy(wechat::APIV3_KEY).into_owned(),
        ),
        ("HAITAO_WECHAT_API", wechat_base.into()),
        ("HAITAO_WECHAT_OPEN", wechat_base.into()),
        ("HAITAO_WECHAT_SNS", wechat_base.into()),
    ]
}
