//! Thin handlers: each takes what it needs from the request and `AppState`,
//! calls the module that knows the rules, and answers.

pub mod account;
pub mod auth;
pub mod catalog;
pub mod orders;
pub mod preview;
pub mod system;
