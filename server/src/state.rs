use std::sync::Arc;

use haitao_core::ExchangeRate;
use sqlx::AnyPool;

use crate::clock::Clock;
use crate::keys::Keys;
use crate::mode::Mode;
use crate::payments::alipay::Alipay;
use crate::payments::sandbox::Sandbox;
use crate::payments::wechat::WechatPay;
use crate::payments::PaymentProvider;
use crate::search::SharedIndex;

/// How this shop runs: set at start from the command line and environment.
#[derive(Clone, Debug)]
pub struct Settings {
    pub mode: Mode,
    /// `HAITAO_PAYMENTS`: the payment providers, `alipay,wechat`; or `sandbox`
    /// (development only).
    pub payments: String,
    /// An unpaid order is cancelled this long after it was placed.
    pub pay_within_secs: i64,
    /// The full ID number is deleted this long after shipping or cancelling.
    pub id_retention_days: i64,
    /// The shop's address as browsers reach it (`HAITAO_PUBLIC_URL`), if set.
    pub public_url: Option<String>,
    /// The address the server listens on, for absolute links when no public one is set.
    pub listen_url: String,
    /// The share (percent) of a SKU's unsold units one buyer may hold in
    /// unpaid orders (orders/holds.rs).
    pub hold_percent: u32,
    /// Where shoppers write about their personal information (`HAITAO_CONTACT`),
    /// named in the privacy policy.
    pub contact: String,
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
            hold_percent: 10,
            contact: DEVELOPMENT_CONTACT.into(),
        }
    }
}

/// The privacy policy's contact in development, which production refuses.
pub const DEVELOPMENT_CONTACT: &str = "privacy@haitao.invalid";

/// What every handler may reach: the database and the rate prices are shown at.
#[derive(Clone)]
pub struct AppState {
    pub db: AnyPool,
    pub rate: Arc<ExchangeRate>,
    /// The published catalog in memory, for listing and search.
    pub index: SharedIndex,
    /// Derived from the master secret, which is never in the database.
    pub keys: Arc<Keys>,
    pub payments: Arc<dyn PaymentProvider>,
    /// The sandbox provider, when it is the one in use (its pages are mounted).
    pub sandbox: Option<Arc<Sandbox>>,
    /// The real providers configured (their notification routes are mounted).
    pub alipay: Option<Arc<Alipay>>,
    pub wechat: Option<Arc<WechatPay>>,
    /// Calls out to the payment providers.
    pub http: reqwest::Client,
    pub clock: Clock,
    pub settings: Arc<Settings>,
    /// GB/T 2260 regions, to check addresses.
    pub regions: Arc<Vec<haitao_core::regions::Province>>,
    /// The legal documents, with this shop's settings in them.
    pub documents: Arc<crate::legal::Documents>,
    /// The per-client limit on creating orders and payments.
    pub throttle: crate::throttle::Throttle,
    /// Sends sign-in codes.
    pub sms: Arc<dyn crate::sms::SmsSender>,
    /// The development sender, when it is the one in use (`GET /api/dev/sms`).
    pub dev_sms: Option<Arc<crate::sms::DevSms>>,
}

const REGIONS: &str = include_str!("../../public/data/regions.json");

/// The GB/T 2260 regions the storefront's picker loads too.
pub fn regions() -> Result<Vec<haitao_core::regions::Province>, serde_json::Error> {
    serde_json::from_str(REGIONS)
}

impl AppState {
    /// Everything the server needs, from an open database and the parts the
    /// settings configured (startup.rs).
    pub async fn new(
        db: AnyPool,
        rate: ExchangeRate,
        keys: Keys,
        parts: crate::startup::Parts,
    ) -> Result<Self, Box<dyn std::error::Error>> {
        let crate::startup::Parts {
            settings,
            providers: p,
            sms: (sms, dev_sms),
            throttle,
            http,
            ..
        } = parts;
        let clock = Clock::default();
        let index = crate::search::Index::load(&db, &rate).await?;
        let regions = regions()?;
        let documents = crate::legal::Documents::new(&settings)?;
        Ok(Self {
            sms,
            dev_sms,
            db,
            rate: Arc::new(rate),
            index: Arc::new(std::sync::RwLock::new(index)),
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

    /// Takes these payment providers in place of the configured ones (their
    /// routes are mounted when the router is made from this state).
    pub fn use_providers(&mut self, p: crate::payments::config::Providers) {
        self.payments = p.provider;
        self.sandbox = p.sandbox;
        self.alipay = p.alipay;
        self.wechat = p.wechat;
    }
}
