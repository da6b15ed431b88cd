//! The page pipeline: what the server sends a browser for an app route.

pub mod template;
