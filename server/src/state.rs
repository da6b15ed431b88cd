use std::sync::Arc;

use haitao_core::ExchangeRate;
use sqlx::SqlitePool;

use crate::search::SharedIndex;

/// What every handler may reach: the database and the rate prices are shown at.
#[derive(Clone)]
pub struct AppState {
    pub db: SqlitePool,
    pub rate: Arc<ExchangeRate>,
    /// The published catalog in memory, for listing and search.
    pub index: SharedIndex,
}
