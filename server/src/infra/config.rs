use std::net::IpAddr;
use std::path::PathBuf;

use crate::infra::mode::Mode;
use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "haitao-server",
    about = "haitao's shop server: REST API and the built storefront",
    after_help = crate::infra::settings_list::help()
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
    /// Refund a paid order in full through its payment provider: the order is
    /// cancelled and its stock (unless shipped) goes back on sale.
    Refund { order: String },
    /// Pre-sales: end one the seller cannot fill.
    #[command(subcommand)]
    Presale(PresaleCommand),
    /// Refunds not done: those that failed at the provider first (the
    /// shopper's money did not come back), then those on their way. With
    /// --retry, a failed one is sent again (after fixing what the provider said);
    /// with --handled, one settled at the provider by hand is recorded done.
    Refunds {
        #[arg(long, value_name = "REFUND", conflicts_with = "handled")]
        retry: Option<String>,
        #[arg(long, value_name = "REFUND")]
        handled: Option<String>,
    },
    /// Customs: write the order declarations (CEB311) of paid orders.
    #[command(subcommand)]
    Customs(CustomsCommand),
    /// Shoppers' questions to sellers: list those waiting, or answer one
    /// (the shopper is told by SMS and reads it on their account page).
    #[command(subcommand)]
    Questions(QuestionsCommand),
    /// Authenticity codes: list those checked from many clients (perhaps
    /// copied onto fakes).
    #[command(subcommand)]
    Codes(CodesCommand),
    /// After-sales requests a seller refused and the shopper escalated:
    /// list them, or decide one (approving refunds its lines).
    #[command(subcommand)]
    Aftersales(AftersalesCommand),
    /// Reviews: list a product's, or hide one with a reason (kept, not shown).
    #[command(subcommand)]
    Reviews(ReviewsCommand),
    /// Sellers: invite a seller's owner (making the seller if it is new),
    /// list them, suspend one, record its verification.
    #[command(subcommand)]
    Seller(SellerCommand),
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

#[derive(Subcommand, Debug)]
pub enum PresaleCommand {
    /// The seller cannot fill product SLUG's pre-sale: it stops selling, its
    /// unpaid orders close, and each paid order of it that has not left is
    /// refunded in full (the buyer told by SMS and on the order's page).
    Unfilled { slug: String },
}

#[derive(Subcommand, Debug)]
pub enum SellerCommand {
    /// Make EMAIL an owner of seller SLUG and mail them how to sign in. A
    /// seller not in the shop yet is made with --name-en, --name-zh, --state.
    Invite {
        slug: String,
        email: String,
        #[arg(long)]
        name_en: Option<String>,
        #[arg(long)]
        name_zh: Option<String>,
        /// US state, two letters (CA, WA...).
        #[arg(long)]
        state: Option<String>,
        /// The shop's address as sellers reach it.
        #[arg(
            long,
            env = "HAITAO_PUBLIC_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        base: String,
    },
    /// Every seller: its users, products, whether suspended or verified.
    List,
    /// Stop a seller's users signing in (their sessions end); --lift undoes it.
    Suspend {
        slug: String,
        #[arg(long)]
        lift: bool,
    },
    /// Record that the shop checked the seller (its US business registration,
    /// that it grows or makes what it lists): shoppers see "verified".
    Verify {
        slug: String,
        /// What was checked, and by whom.
        #[arg(long)]
        note: String,
        /// The day of the check (default: today), e.g. 2026-12-01.
        #[arg(long)]
        on: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum QuestionsCommand {
    /// The questions not answered yet, oldest first.
    List,
    /// Answer question ID (once: the shopper gets one SMS).
    Answer { id: i64, text: String },
}

#[derive(Subcommand, Debug)]
pub enum CodesCommand {
    /// Codes checked from many clients on the public page, the most widely first.
    Flagged,
}

#[derive(Subcommand, Debug)]
pub enum ReviewsCommand {
    /// A product's reviews, hidden ones too.
    List { product: String },
    /// Hides a review from the product page, saying why.
    Hide {
        id: i64,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum AftersalesCommand {
    /// Escalated requests, oldest first: order, lines, amount, reasons.
    List,
    /// Decides an escalated request: `approve` refunds its lines through the
    /// provider; `refuse` closes it (the shopper reads NOTE).
    Decide {
        id: i64,
        #[arg(value_parser = ["approve", "refuse"])]
        decision: String,
        /// Why, as the shopper will read it (required to refuse).
        #[arg(long, default_value = "")]
        note: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum CustomsCommand {
    /// One XML file per paid order not yet declared (CEB311_<order>.xml in
    /// DIR); each is marked declared once written. Needs the master secret.
    Export {
        /// Only orders paid on or after this day (China time), e.g. 2026-12-01.
        #[arg(long)]
        since: Option<String>,
        dir: PathBuf,
    },
    /// One JSON file per shipped order not yet written (LOGISTICS_<order>.json
    /// in DIR): each parcel's logistics enterprise and waybill number, and the
    /// consignee as declared, for the inventory list and the import waybill.
    Waybills {
        /// Only orders paid on or after this day (China time), e.g. 2026-12-01.
        #[arg(long)]
        since: Option<String>,
        dir: PathBuf,
    },
    /// Reads customs' receipts in DIR (CEB312 for orders, CEB622 for
    /// inventory lists, bare or in a DxpMsg envelope): released orders are
    /// cleared; refused ones refunded in full, the shopper told why; detained
    /// ones listed. Each return counts once, however often it is read.
    Receipts { dir: PathBuf },
}

#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// A SQLite file (created, migrated and seeded on first start), or a
    /// PostgreSQL URL (`postgres://user@host:port/db`, migrated and seeded).
    #[arg(
        long,
        env = "HAITAO_DATABASE",
        default_value = "data/haitao.db",
        global = true
    )]
    pub database: String,
    /// Yuan per US dollar, e.g. 7.1234. Given, it replaces the stored rate and
    /// stamps it with the current time.
    #[arg(long, env = "HAITAO_RATE", global = true)]
    pub rate: Option<String>,
    /// The master secret (at least 32 bytes). Never stored in the database.
    #[arg(long, env = "HAITAO_SECRET", hide_env_values = true, global = true)]
    pub secret: Option<String>,
    /// A file holding the master secret (mode 0600). In development, without
    /// this or HAITAO_SECRET, one is made beside the database on first start.
    #[arg(long, env = "HAITAO_SECRET_FILE", global = true)]
    pub secret_file: Option<PathBuf>,
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
    /// Orders, payment starts and sign-in tries one account, device or payer
    /// may make at once...
    #[arg(long, env = "HAITAO_ORDER_BURST", default_value_t = 10)]
    pub order_burst: u32,
    /// ...and then per minute.
    #[arg(long, env = "HAITAO_ORDERS_PER_MINUTE", default_value_t = 10)]
    pub orders_per_minute: u32,
    /// The same from one client address at once (a backstop against floods:
    /// behind a carrier's NAT one address is thousands of phones)...
    #[arg(long, env = "HAITAO_ADDRESS_BURST", default_value_t = crate::infra::throttle::ADDRESS_BURST)]
    pub address_burst: u32,
    /// ...and then per minute.
    #[arg(long, env = "HAITAO_ADDRESS_PER_MINUTE", default_value_t = crate::infra::throttle::ADDRESS_PER_MINUTE)]
    pub address_per_minute: u32,
    /// Reverse proxies in front of the server (addresses or networks,
    /// comma-separated): requests from them name the client in X-Forwarded-For.
    #[arg(long, env = "HAITAO_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,
    /// The payment providers: `alipay`, `wechat` or `alipay,wechat` (docs/PAYMENTS.md);
    /// `sandbox` (no money moves) is for development only.
    #[arg(long, env = "HAITAO_PAYMENTS", default_value = "sandbox")]
    pub payments: String,
    /// An unpaid order is cancelled, its stock back on sale, this many minutes after it was placed.
    #[arg(long, env = "HAITAO_PAY_WITHIN_MINUTES", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=10080))]
    pub pay_within_minutes: u32,
    /// A payer's full ID number is deleted this many days after the order shipped or was cancelled.
    #[arg(long, env = "HAITAO_ID_RETENTION_DAYS", default_value_t = 90, value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub id_retention_days: u32,
    /// A delivered order confirms itself (complete) this many days after its last parcel was signed for.
    #[arg(long, env = "HAITAO_AUTO_CONFIRM_DAYS", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=90))]
    pub auto_confirm_days: u32,
    /// The shop's address as browsers reach it, e.g. https://shop.example.
    #[arg(long, env = "HAITAO_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// The share (percent) of a product variant's unsold units that one buyer (one
    /// payer ID, mobile or client) may hold in unpaid orders; never fewer than 10 units.
    #[arg(long, env = "HAITAO_HOLD_PERCENT", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub hold_percent: u32,
    /// Where shoppers write to see, correct or delete their personal
    /// information or withdraw a consent (an e-mail address or a phone
    /// number), named in the privacy policy. Required in production.
    #[arg(long, env = "HAITAO_CONTACT")]
    pub contact: Option<String>,
}

/// The environment's `HAITAO_*` settings, read once at start: everything
/// below reads them from here (tests give their own), never from the process.
#[derive(Clone, Debug, Default)]
pub struct Env(std::collections::BTreeMap<String, String>);

impl Env {
    pub fn from_process() -> Self {
        Self(
            std::env::vars()
                .filter(|(k, _)| k.starts_with("HAITAO_"))
                .collect(),
        )
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        )
    }

    /// The raw value of `name`, as the providers' `from_env` take it.
    pub fn get(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }

    /// `get` as a function, for the providers' `from_env`.
    pub fn getter(&self) -> impl Fn(&str) -> Option<String> + '_ {
        move |name| self.get(name)
    }
}

/// A setting read through `get`, blank counted as unset.
pub fn setting(get: &impl Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    get(name)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// Every one of `names`, in order, or the list of those missing: a service
/// is configured whole or not at all.
pub fn all_of(
    get: &impl Fn(&str) -> Option<String>,
    names: &[&'static str],
) -> Result<Vec<String>, Vec<&'static str>> {
    let values: Vec<Option<String>> = names.iter().map(|n| setting(get, n)).collect();
    let missing: Vec<&'static str> = names
        .iter()
        .zip(&values)
        .filter(|(_, v)| v.is_none())
        .map(|(n, _)| *n)
        .collect();
    if missing.is_empty() {
        Ok(values.into_iter().flatten().collect())
    } else {
        Err(missing)
    }
}

/// How this shop runs: set at start from the command line and environment.
#[derive(Clone, Debug)]
pub struct Settings {
    pub mode: Mode,
    /// `HAITAO_PAYMENTS`: the payment providers, `alipay,wechat`; or `sandbox`
    /// (development only).
    pub payments: String,
    /// An unpaid order is cancelled this long after it was placed.
    pub pay_within_secs: i64,
    /// The full ID number is deleted this long after shipping or cancelling.
    pub id_retention_days: i64,
    /// A delivered order confirms itself this long after delivery.
    pub auto_confirm_days: i64,
    /// The shop's address as browsers reach it (`HAITAO_PUBLIC_URL`), if set.
    pub public_url: Option<String>,
    /// The address the server listens on, for absolute links when no public one is set.
    pub listen_url: String,
    /// The share (percent) of a SKU's unsold units one buyer may hold in
    /// unpaid orders (orders/holds.rs).
    pub hold_percent: u32,
    /// Where shoppers write about their personal information (`HAITAO_CONTACT`),
    /// named in the privacy policy.
    pub contact: String,
}

impl Settings {
    /// The base of the shop's absolute links: the public address, else the listening one.
    pub fn base_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| self.listen_url.clone())
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            mode: Mode::Development,
            payments: "sandbox".into(),
            pay_within_secs: 30 * 60,
            id_retention_days: 90,
            auto_confirm_days: 10,
            public_url: None,
            listen_url: "http://127.0.0.1:8080".into(),
            hold_percent: 10,
            contact: DEVELOPMENT_CONTACT.into(),
        }
    }
}

/// The privacy policy's contact in development, which production refuses.
pub const DEVELOPMENT_CONTACT: &str = "privacy@haitao.invalid";
