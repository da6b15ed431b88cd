//! The shop's legal documents and the consents given to them
//! (haitao_core::legal says which there are and which each act needs).

pub mod consents;
pub mod documents;

pub use documents::Documents;
