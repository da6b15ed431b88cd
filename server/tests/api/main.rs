//! The server's integration tests, one binary: each module below was once its
//! own test target, and linking the whole server once per target made a fresh
//! build many times larger and slower than the code under test.

mod common;
#[path = "../fakes/mod.rs"]
mod fakes;

mod accounts_api;
mod address_book_api;
mod aftersales_api;
mod catalog_api;
mod consents_api;
mod customs_export;
mod customs_receipts;
mod expiry_api;
mod flash_sale;
mod head_api;
mod holds;
mod id_privacy;
mod layout;
mod mail_smtp;
mod orders_api;
mod payments_api;
mod payments_match;
mod presale;
mod preview_api;
mod production_mode;
mod providers;
mod query_props;
mod quota_race;
mod relevance;
mod replicas;
mod reviews_api;
mod sandbox_only_in_development;
mod search_api;
mod seller_api;
mod seller_catalog_api;
mod shipments_api;
mod sitemap_api;
mod sms_aliyun;
mod startup;
mod throttle_proxy;
mod tracking_api;
mod trust_api;
