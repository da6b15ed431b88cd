//! Which providers take the shop's money (`HAITAO_PAYMENTS`): `sandbox`
//! (development only), or `alipay`, `wechat` or both, each configured whole.
//! Production refuses the sandbox, a provider with part of its settings, and
//! links the providers could not reach.

use std::sync::Arc;

use super::alipay::{self, Alipay};
use super::live::Live;
use super::sandbox::Sandbox;
use super::wechat::{self, WechatPay};
use super::PaymentProvider;
use crate::infra::config::Settings;
use crate::infra::keys::Keys;

/// The provider in use, and each configured one by name (their routes are
/// mounted only when they are).
pub struct Providers {
    pub provider: Arc<dyn PaymentProvider>,
    pub sandbox: Option<Arc<Sandbox>>,
    pub alipay: Option<Arc<Alipay>>,
    pub wechat: Option<Arc<WechatPay>>,
}

/// The HTTP client the providers are called with.
pub fn http_client() -> Result<reqwest::Client, String> {
    crate::infra::outbound::client(std::time::Duration::from_secs(10))
}

pub fn from_env(
    settings: &Settings,
    keys: &Keys,
    http: &reqwest::Client,
    get: impl Fn(&str) -> Option<String>,
) -> Result<Providers, String> {
    let production = settings.mode.is_production();
    let mut names: Vec<String> = settings
        .payments
        .split(',')
        .map(|n| n.trim().to_lowercase())
        .filter(|n| !n.is_empty())
        .collect();
    names.dedup();
    let named = |n: &str| names.iter().any(|x| x == n);
    if let Some(other) = names
        .iter()
        .find(|n| !matches!(n.as_str(), "sandbox" | "alipay" | "wechat"))
    {
        return Err(format!(
            "HAITAO_PAYMENTS: no such payment provider {other:?} (known: sandbox, alipay, wechat)"
        ));
    }
    // Settings of a provider that is not named: a half-done configuration.
    for (name, settings_of) in [
        ("alipay", &alipay::SETTINGS[..]),
        ("wechat", &wechat::SETTINGS[..]),
    ] {
        let stray: Vec<&str> = settings_of
            .iter()
            .copied()
            .filter(|k| crate::infra::config::setting(&get, k).is_some())
            .collect();
        if !named(name) && !stray.is_empty() {
            let msg = format!(
                "{} set, but HAITAO_PAYMENTS does not name {name}",
                stray.join(", ")
            );
            if production {
                return Err(format!("HAITAO_ENV=production: {msg}"));
            }
            tracing::warn!("payments: {msg}");
        }
    }
    if named("sandbox") {
        if production {
            return Err(
                "HAITAO_ENV=production: the payment provider is the sandbox (HAITAO_PAYMENTS=sandbox), \
                 with which no money moves and anyone can mark an order paid; \
                 set HAITAO_PAYMENTS=alipay,wechat and their settings (docs/PAYMENTS.md)"
                    .into(),
            );
        }
        if names.len() > 1 {
            return Err(
                "HAITAO_PAYMENTS: the sandbox stands in for every provider; name it alone".into(),
            );
        }
        let sandbox = Arc::new(Sandbox {
            key: keys.notify.clone(),
        });
        return Ok(Providers {
            provider: sandbox.clone(),
            sandbox: Some(sandbox),
            alipay: None,
            wechat: None,
        });
    }
    if names.is_empty() {
        return Err("HAITAO_PAYMENTS: name the payment providers (alipay, wechat)".into());
    }
    let base = settings.base_url();
    let alipay = named("alipay")
        .then(|| Alipay::from_env(&get, &base))
        .transpose()?;
    let wechat = named("wechat")
        .then(|| WechatPay::from_env(&get, &base))
        .transpose()?;
    if production
        && !settings
            .public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    {
        return Err(
            "HAITAO_ENV=production: the payment providers send shoppers and notifications back to \
             HAITAO_PUBLIC_URL, which must be the shop's https address"
                .into(),
        );
    }
    let addresses = alipay
        .iter()
        .map(|a| ("HAITAO_ALIPAY_GATEWAY", a.gateway.as_str()))
        .chain(wechat.iter().flat_map(|w| {
            [
                ("HAITAO_WECHAT_API", w.api.as_str()),
                ("HAITAO_WECHAT_OPEN", w.open.as_str()),
                ("HAITAO_WECHAT_SNS", w.sns.as_str()),
            ]
        }));
    for (name, url) in addresses {
        settings.mode.check_outbound(name, url)?;
    }
    let (alipay, wechat) = (alipay.map(Arc::new), wechat.map(Arc::new));
    Ok(Providers {
        provider: Arc::new(Live {
            alipay: alipay.clone(),
            wechat: wechat.clone(),
            http: http.clone(),
            last_alipay_refund: Default::default(),
        }),
        sandbox: None,
        alipay,
        wechat,
    })
}
