//! The local fakes of Alipay and WeChat Pay (server/tests/fakes/) as a server
//! for the e2e tests: it writes the keys a shop needs into the folder given,
//! prints on one line the settings (`HAITAO_ALIPAY_*`, `HAITAO_WECHAT_*`) that
//! point a shop at it, as JSON, and serves until it is stopped. Tests only.

#[path = "../tests/fakes/mod.rs"]
mod fakes;

use std::io::Write;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: fake_providers FOLDER (for the shop's key files)")?,
    );
    let (alipay, alipay_keys) = fakes::alipay::FakeAlipay::new();
    let (wechat, wechat_keys) = fakes::wechat::FakeWechat::new();
    let alipay_base = fakes::serve(alipay.router()).await;
    let wechat_base = fakes::serve(wechat.router()).await;
    let settings =
        fakes::shop_settings(&dir, &alipay_keys, &alipay_base, &wechat_keys, &wechat_base);
    let json: serde_json::Map<String, serde_json::Value> = settings
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.into()))
        .collect();
    let mut out = std::io::stdout();
    writeln!(out, "{}", serde_json::Value::Object(json))?;
    out.flush()?;
    tokio::signal::ctrl_c().await?;
    Ok(())
}
