use std::sync::Arc;

use haitao_core::ExchangeRate;
use sqlx::AnyPool;

use crate::catalog::search::SharedIndex;
use crate::catalog::stock::Listing;
use crate::infra::clock::Clock;
use crate::infra::config::Settings;
use crate::infra::keys::Keys;
use crate::payments::alipay::Alipay;
use crate::payments::sandbox::Sandbox;
use crate::payments::wechat::WechatPay;
use crate::payments::PaymentProvider;

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
    pub throttle: crate::infra::throttle::Throttle,
    /// Sends sign-in codes.
    pub sms: Arc<dyn crate::sms::SmsSender>,
    /// The development sender, when it is the one in use (`GET /api/dev/sms`).
    pub dev_sms: Option<Arc<crate::sms::DevSms>>,
    /// Sends sellers' sign-in codes and invitations.
    pub mailer: Arc<dyn crate::mail::Mailer>,
    /// The development mailer, when it is the one in use (`GET /api/dev/mail`).
    pub dev_mail: Option<Arc<crate::mail::dev::DevMailer>>,
    /// Where parcels are: the carriers' word through a tracking provider.
    pub tracking: Arc<dyn crate::tracking::TrackingProvider>,
    /// Kuaidi100, when it is the provider (its callback is mounted).
    pub kuaidi100: Option<Arc<crate::tracking::kuaidi100::Kuaidi100>>,
}

impl AppState {
    /// This process's listing, which catalog writes bring up to date.
    pub fn listing(&self) -> Listing<'_> {
        Listing {
            index: &self.index,
            rate: &self.rate,
        }
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
