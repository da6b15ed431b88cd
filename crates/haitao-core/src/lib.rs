//! haitao's shared vocabulary: the API's types and the shop's rules (money, tax,
//! limits, validation). No IO, so the browser answers at once with the same code
//! the server uses as the authority.

pub mod address_text;
pub mod aftersales;
pub mod api;
pub mod carriers;
pub mod cookies;
pub mod dates;
pub mod error;
pub mod first_screen;
pub mod freight;
pub mod images;
pub mod legal;
pub mod limits;
pub mod money;
pub mod preview;
pub mod quote;
pub mod regions;
pub mod reviews;
pub mod routes;
pub mod seller;
pub mod tax;
pub mod text;
pub mod tracking;
pub mod trust;
pub mod us_states;
pub mod validate;

pub use error::{ErrorBody, ErrorCode, ErrorDetail};
pub use money::{Currency, ExchangeRate, Money};
