//! What every part of the shop stands on and that knows nothing of the shop's
//! goods or orders: the database, the clock, keys and secrets, the settings
//! and the mode they are read in, the error shape every answer takes, the
//! per-client limits, calls to outside services, and which process leads.

pub mod batch;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod id_seal;
pub mod keys;
pub mod leader;
pub mod mode;
pub mod outbound;
pub mod secret;
pub mod settings_list;
pub mod throttle;
pub mod write_tx;
