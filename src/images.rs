//! Product image sizes: shared with the server, which preloads the first one.
pub use haitao_core::images::*;
