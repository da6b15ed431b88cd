//! haitao-server: the shop's REST API (axum + sqlx on SQLite) and the host of
//! the built storefront.

pub mod account;
pub mod app;
pub mod auth;
pub mod catalog;
pub mod clock;
pub mod commands;
pub mod config;
pub mod csp;
pub mod customs;
pub mod db;
pub mod error;
pub mod extract;
pub mod head;
pub mod html;
pub mod id_seal;
pub mod import;
pub mod jobs;
pub mod keys;
pub mod l10n;
pub mod leader;
pub mod loader;
pub mod mode;
pub mod openapi;
pub mod orders;
pub mod origin;
pub mod outbound;
pub mod payments;
pub mod preload;
pub mod preview;
pub mod private;
pub mod publish;
pub mod rate;
pub mod reload;
pub mod routes;
pub mod search;
pub mod secret;
pub mod seed;
pub mod sitemap;
pub mod sms;
pub mod spa;
pub mod state;
pub mod throttle;

pub use app::router;
pub use state::AppState;
