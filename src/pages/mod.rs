pub mod account;
pub mod cart;
pub mod checkout;
pub mod home;
pub mod legal;
pub mod listing;
pub mod not_found;
pub mod on_demand;
pub mod order;
pub mod order_elsewhere;
pub mod preview;
pub mod product;
pub mod seller;
// The check page of a unit's code is the seller centre's app's.
#[cfg(feature = "seller-centre")]
pub mod verify;
