use std::sync::Arc;

use haitao_core::ExchangeRate;
use sqlx::SqlitePool;

use crate::clock::Clock;
use crate::keys::Keys;
use crate::mode::Mode;
use crate::payments::sandbox::Sandbox;
use crate::payments::PaymentProvider;
use crate::search::SharedIndex;

/// How this shop runs: set at start from the command line and environment.
#[derive(Clone, Debug)]
pub struct Settings {
    pub mode: Mode,
    /// `HAITAO_PAYMENTS`: the payment provider; `sandbox` (development only).
    pub payments: String,
    /// An unpaid order is cancelled this long after it was placed.
    pub pay_within_secs: i64,
    /// The full ID number is deleted this long after shipping or cancelling.
    pub id_retention_days: i64,
    /// The shop's address as browsers reach it (`HAITAO_PUBLIC_URL`), if set.
    pub public_url: Option<String>,
    /// The address the server listens on, for absolute links when no public one is set.
    pub listen_url: String,
}

impl Settings {
    /// The base of the shop's absolute links: the public address, else the listening one.
    pub fn base_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| self.listen_url.clone())
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            mode: Mode::Development,
            payments: "sandbox".into(),
            pay_within_secs: 30 * 60,
            id_retention_days: 90,
            public_url: None,
            listen_url: "http://127.0.0.1:8080".into(),
        }
    }
}

/// What every handler may reach: the database and the rate prices are shown at.
#[derive(Clone)]
pub struct AppState {
    pub db: SqlitePool,
    pub rate: Arc<ExchangeRate>,
    /// The published catalog in memory, for listing and search.
    pub index: SharedIndex,
    /// Derived from the master secret, which is never in the database.
    pub keys: Arc<Keys>,
    pub payments: Arc<dyn PaymentProvider>,
    /// The sandbox provider, when it is the one in use (its pages are mounted).
    pub sandbox: Option<Arc<Sandbox>>,
    pub clock: Clock,
    pub settings: Arc<Settings>,
    /// GB/T 2260 regions, to check addresses.
    pub regions: Arc<Vec<haitao_core::regions::Province>>,
    /// The per-client limit on creating orders and payments.
    pub throttle: crate::throttle::Throttle,
    /// Sends sign-in codes.
    pub sms: Arc<dyn crate::sms::SmsSender>,
    /// The development sender, when it is the one in use (`GET /api/dev/sms`).
    pub dev_sms: Option<Arc<crate::sms::DevSms>>,
}

const REGIONS: &str = include_str!("../../public/data/regions.json");

/// The provider in use, and the sandbox when it is that one.
pub type Providers = (Arc<dyn PaymentProvider>, Option<Arc<Sandbox>>);

/// The payment provider `settings` names. Production refuses the sandbox:
/// with it, anyone could mark an order paid.
pub fn payment_provider(settings: &Settings, keys: &Keys) -> Result<Providers, String> {
    match settings.payments.as_str() {
        "sandbox" if settings.mode.is_production() => Err(
            "HAITAO_ENV=production: the payment provider is the sandbox (HAITAO_PAYMENTS=sandbox), \
             with which no money moves and anyone can mark an order paid; configure a real provider"
                .into(),
        ),
        "sandbox" => {
            let sandbox = Arc::new(Sandbox {
                key: keys.notify.clone(),
            });
            Ok((sandbox.clone(), Some(sandbox)))
        }
        other => Err(format!(
            "HAITAO_PAYMENTS={other:?}: no such payment provider (known: sandbox)"
        )),
    }
}

impl AppState {
    /// Everything the server needs, from an open database.
    pub async fn new(
        db: SqlitePool,
        rate: ExchangeRate,
        keys: Keys,
        settings: Settings,
    ) -> Result<Self, Box<dyn std::error::Error>> {
        let (payments, sandbox) = payment_provider(&settings, &keys)?;
        let index = crate::search::Index::load(&db, &rate).await?;
        let regions = serde_json::from_str(REGIONS)?;
        // Development's sender until the caller sets the configured one
        // (production refuses it: sms::from_env).
        let dev_sms = Arc::new(crate::sms::DevSms::default());
        Ok(Self {
            sms: dev_sms.clone(),
            dev_sms: Some(dev_sms),
            db,
            rate: Arc::new(rate),
            index: Arc::new(std::sync::RwLock::new(index)),
            keys: Arc::new(keys),
            payments,
            sandbox,
            clock: Clock::default(),
            settings: Arc::new(settings),
            regions: Arc::new(regions),
            throttle: crate::throttle::Throttle::default(),
        })
    }
}
