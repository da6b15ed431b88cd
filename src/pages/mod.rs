pub mod cart;
pub mod checkout;
pub mod home;
pub mod listing;
pub mod not_found;
pub mod order;
pub mod product;
pub mod seller;
