use std::sync::Arc;

use haitao_core::ExchangeRate;
use sqlx::SqlitePool;

use crate::payments::PaymentProvider;
use crate::search::SharedIndex;
use crate::secret::Secret;

/// What every handler may reach: the database and the rate prices are shown at.
#[derive(Clone)]
pub struct AppState {
    pub db: SqlitePool,
    pub rate: Arc<ExchangeRate>,
    /// The published catalog in memory, for listing and search.
    pub index: SharedIndex,
    /// Keys ID-number hashes and signs payment notifications.
    pub secret: Secret,
    pub payments: Arc<dyn PaymentProvider>,
    /// GB/T 2260 regions, to check addresses.
    pub regions: Arc<Vec<haitao_core::regions::Province>>,
    /// The per-client limit on creating orders and payments.
    pub throttle: crate::throttle::Throttle,
}

const REGIONS: &str = include_str!("../../public/data/regions.json");

impl AppState {
    /// Everything the server needs, from an open database.
    pub async fn new(
        db: SqlitePool,
        rate: ExchangeRate,
        secret_env: Option<&str>,
    ) -> Result<Self, Box<dyn std::error::Error>> {
        let index = crate::search::Index::load(&db, &rate).await?;
        let secret = Secret::load(&db, secret_env).await?;
        let payments: Arc<dyn PaymentProvider> = Arc::new(crate::payments::sandbox::Sandbox {
            secret: secret.clone(),
        });
        let regions = serde_json::from_str(REGIONS)?;
        Ok(Self {
            db,
            rate: Arc::new(rate),
            index: Arc::new(std::sync::RwLock::new(index)),
            secret,
            payments,
            regions: Arc::new(regions),
            throttle: crate::throttle::Throttle::default(),
        })
    }
}
