//! haitao-server: the shop's REST API (axum + sqlx on SQLite or PostgreSQL)
//! and the host of the built storefront. Its wings, lowest first (who may
//! import whom is docs/ARCHITECTURE.md's, held by tests/layout.rs):
//! `infra` (database, clock, keys, settings, errors); the domain: `catalog`,
//! `regions`, `legal`, `customs`, `sms`, `mail`, `payments` (the providers);
//! `tracking` (the carriers' word, through a provider, and deliveries);
//! then `state` (what handlers and services reach); `account`, `auth`;
//! `orders`, `sellers`;
//! then `web` (the page pipeline) and `http` (router, handlers, plumbing);
//! `startup`, `jobs` and `commands` assemble and run it.

pub mod account;
pub mod auth;
pub mod catalog;
pub mod commands;
pub mod customs;
pub mod http;
pub mod infra;
pub mod jobs;
pub mod legal;
pub mod mail;
pub mod orders;
pub mod payments;
pub mod regions;
pub mod sellers;
pub mod sms;
pub mod startup;
pub mod state;
pub mod tracking;
pub mod web;

pub use http::router;
pub use state::AppState;
