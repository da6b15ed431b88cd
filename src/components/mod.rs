pub mod header;
pub mod l10n_text;
pub mod price;
pub mod product_card;
pub mod product_grid;
pub mod status;
