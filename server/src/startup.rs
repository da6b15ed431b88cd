//! One way to assemble the shop, for `haitao-server` and for the tests: the
//! settings are read once (`config::Env`, the command line) and checked once
//! for the mode here, into the `Parts` a shop is made of; `state`
//! puts them together and `App::build` adds the router. Tests differ only in
//! the settings and environment they give (and in fakes they put in after).

use crate::catalog::search::SharedIndex;
use crate::infra::clock::Clock;
use crate::infra::config::{Env, ServeArgs};
use crate::infra::config::{Settings, DEVELOPMENT_CONTACT};
use crate::infra::keys::Keys;
use crate::infra::mode::Mode;
use crate::infra::throttle::Throttle;
use crate::payments::config::Providers;
use crate::sms::Senders;
use crate::state::AppState;
use haitao_core::ExchangeRate;
use sqlx::AnyPool;
use std::sync::Arc;

/// A shop's configured parts, each checked for the mode.
pub struct Parts {
    pub settings: Settings,
    pub providers: Providers,
    pub sms: Senders,
    pub mail: crate::mail::Choice,
    pub tracking: crate::tracking::Tracking,
    /// The shop's clock, which the development tracking provider follows.
    pub clock: Clock,
    pub throttle: Throttle,
    /// Development's sandbox moves a paid order on after this long.
    pub sandbox_advance_secs: i64,
    pub http: reqwest::Client,
}

impl Parts {
    /// From the command line and the environment, as `haitao-server` starts.
    pub fn configure(
        mode: Mode,
        serve: &ServeArgs,
        env: &Env,
        keys: &Keys,
    ) -> Result<Self, String> {
        let settings = settings(mode, serve)?;
        let trusted = crate::infra::throttle::parse_proxies(&serve.trusted_proxies)?;
        let throttle = Throttle::new(serve.order_burst, serve.orders_per_minute, trusted)
            .per_address(serve.address_burst, serve.address_per_minute);
        Self::with(settings, throttle, env, keys)
    }

    /// From `settings` and the environment: the providers and the SMS
    /// sender they name (production refuses the development ones).
    pub fn with(
        settings: Settings,
        throttle: Throttle,
        env: &Env,
        keys: &Keys,
    ) -> Result<Self, String> {
        // The SMS sender first: without one nobody can even sign in.
        let sms = crate::sms::from_env(settings.mode, env.getter())?;
        let mail = crate::mail::from_env(settings.mode, env.getter())?;
        let http = crate::payments::config::http_client()?;
        let providers = crate::payments::config::from_env(&settings, keys, &http, env.getter())?;
        let clock = Clock::default();
        let tracking = crate::tracking::from_env(
            settings.mode,
            &clock,
            &settings.base_url(),
            keys,
            &http,
            env.getter(),
        )?;
        let sandbox_advance_secs = match env.get("HAITAO_SANDBOX_ADVANCE_SECS") {
            None => 30,
            Some(v) => v.trim().parse().map_err(|_| {
                format!("HAITAO_SANDBOX_ADVANCE_SECS={v:?}: expected a number of seconds")
            })?,
        };
        Ok(Self {
            settings,
            providers,
            sms,
            mail,
            tracking,
            clock,
            throttle,
            sandbox_advance_secs,
            http,
        })
    }
}

/// The shop's settings from the command line, checked for the mode.
fn settings(mode: Mode, a: &ServeArgs) -> Result<Settings, String> {
    let public_url = a
        .public_url
        .as_deref()
        .map(|u| u.trim().trim_end_matches('/').to_owned())
        .filter(|u| !u.is_empty());
    if let Some(u) = &public_url {
        if !(u.starts_with("http://") || u.starts_with("https://")) {
            return Err(format!(
                "HAITAO_PUBLIC_URL={u:?}: expected http(s)://host[:port]"
            ));
        }
    }
    let contact = match a
        .contact
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(c) => c.to_owned(),
        None if mode.is_production() => {
            return Err(
                "HAITAO_ENV=production: set HAITAO_CONTACT, where shoppers write about \
                 their personal information (the privacy policy names it)"
                    .into(),
            )
        }
        None => DEVELOPMENT_CONTACT.into(),
    };
    Ok(Settings {
        mode,
        payments: a.payments.trim().to_owned(),
        pay_within_secs: i64::from(a.pay_within_minutes) * 60,
        id_retention_days: i64::from(a.id_retention_days),
        auto_confirm_days: i64::from(a.auto_confirm_days),
        public_url,
        listen_url: format!("http://{}", std::net::SocketAddr::new(a.addr, a.port)),
        hold_percent: a.hold_percent,
        contact,
    })
}

/// The shop, assembled: its state and its routes.
pub struct App {
    pub state: crate::AppState,
    pub router: axum::Router,
}

impl App {
    /// The shop on `pool` at `rate`, with `keys` and `parts`, serving the
    /// storefront built in `dist`. On PostgreSQL the order limit is one for
    /// every process (kept in the database).
    pub async fn build(
        pool: sqlx::AnyPool,
        rate: haitao_core::ExchangeRate,
        keys: Keys,
        parts: Parts,
        dist: &std::path::Path,
    ) -> Result<Self, Box<dyn std::error::Error>> {
        Self::build_with(pool, rate, keys, parts, dist, |_| {}).await
    }

    /// The same, with `change` made to the state before the routes are
    /// (the tests' fakes of outside services, their clock).
    pub async fn build_with(
        pool: sqlx::AnyPool,
        rate: haitao_core::ExchangeRate,
        keys: Keys,
        mut parts: Parts,
        dist: &std::path::Path,
        change: impl FnOnce(&mut crate::AppState),
    ) -> Result<Self, Box<dyn std::error::Error>> {
        // A newcomer's first start serves a real catalog; the commands that
        // only read or change the database never add it.
        if let Some(n) = crate::catalog::seed::starter_if_empty(&pool).await? {
            tracing::info!(products = n, "seeded the starter catalog");
        }
        if crate::infra::db::backend(&pool) == crate::infra::db::Backend::Postgres {
            parts.throttle = parts.throttle.shared(pool.clone());
        }
        let mut state = state(pool, rate, keys, parts).await?;
        change(&mut state);
        let router = crate::router(state.clone(), dist);
        Ok(Self { state, router })
    }
}

/// Everything the server needs, from an open database and the parts the
/// settings configured.
pub async fn state(
    db: AnyPool,
    rate: ExchangeRate,
    keys: Keys,
    parts: Parts,
) -> Result<AppState, Box<dyn std::error::Error>> {
    let Parts {
        settings,
        providers: p,
        sms: (sms, dev_sms),
        mail,
        tracking,
        clock,
        throttle,
        http,
        ..
    } = parts;
    let index = crate::catalog::search::Index::load(&db, &rate).await?;
    let regions = crate::regions::load()?;
    let documents = crate::legal::Documents::new(&settings)?;
    let (mailer, dev_mail) = mail.mailers(&db);
    Ok(AppState {
        sms,
        dev_sms,
        mailer,
        dev_mail,
        tracking: tracking.provider,
        kuaidi100: tracking.kuaidi100,
        db,
        rate: Arc::new(rate),
        index: SharedIndex::new(index),
        keys: Arc::new(keys),
        payments: p.provider,
        sandbox: p.sandbox,
        alipay: p.alipay,
        wechat: p.wechat,
        http,
        clock,
        settings: Arc::new(settings),
        regions: Arc::new(regions),
        documents: Arc::new(documents),
        throttle,
    })
}
