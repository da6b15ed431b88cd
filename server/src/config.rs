use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "haitao-server",
    about = "haitao's shop server: REST API and the built storefront"
)]
pub struct Cli {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the API and the storefront (the default).
    Serve,
    /// Add generated products (made from the starter catalog) for load and size tests.
    Seed {
        #[arg(long, default_value_t = 20_000)]
        products: usize,
    },
    /// Load a seller's products from a CSV or JSON file as drafts (docs/IMPORT.md).
    Import {
        #[arg(long)]
        seller: String,
        file: PathBuf,
    },
    /// Put a seller's drafts on sale (all of them, or one with --product).
    Publish {
        #[arg(long)]
        seller: String,
        #[arg(long)]
        product: Option<String>,
    },
    /// Print a preview link for a seller; or list or revoke its links.
    PreviewToken {
        #[arg(long)]
        seller: String,
        /// How long the link works: 7d, 12h, 30m (at most 90d).
        #[arg(long, default_value = "7d")]
        ttl: String,
        /// Revoke the token with this id, or `all` of the seller's.
        #[arg(long, conflicts_with = "list")]
        revoke: Option<String>,
        /// List the seller's tokens.
        #[arg(long)]
        list: bool,
        /// The shop's address as sellers reach it.
        #[arg(
            long,
            env = "HAITAO_PUBLIC_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        base: String,
    },
}

#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// SQLite file; created, migrated and seeded on first start.
    #[arg(
        long,
        env = "HAITAO_DATABASE",
        default_value = "data/haitao.db",
        global = true
    )]
    pub database: PathBuf,
    /// Yuan per US dollar, e.g. 7.1234. Given, it replaces the stored rate and
    /// stamps it with the current time.
    #[arg(long, env = "HAITAO_RATE", global = true)]
    pub rate: Option<String>,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    #[arg(long, env = "HAITAO_ADDR", default_value = "127.0.0.1")]
    pub addr: IpAddr,
    #[arg(long, env = "HAITAO_PORT", default_value_t = 8080)]
    pub port: u16,
    /// The storefront built by trunk.
    #[arg(long, env = "HAITAO_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Orders and payment starts one client may make at once...
    #[arg(long, env = "HAITAO_ORDER_BURST", default_value_t = 10)]
    pub order_burst: u32,
    /// ...and then per minute.
    #[arg(long, env = "HAITAO_ORDERS_PER_MINUTE", default_value_t = 10)]
    pub orders_per_minute: u32,
    /// Behind a reverse proxy: take the client from X-Forwarded-For.
    #[arg(long, env = "HAITAO_TRUST_PROXY")]
    pub trust_proxy: bool,
}
