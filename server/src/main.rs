use clap::Parser;
use haitao_server::infra::config::{
    AftersalesCommand, Cli, CodesCommand, Command, CustomsCommand, PresaleCommand,
    QuestionsCommand, ReviewsCommand, SellerCommand,
};
use haitao_server::infra::mode::Mode;
use haitao_server::startup::{App, Parts};
use haitao_server::{
    catalog::rate, catalog::seed, commands, customs, infra::db, infra::keys, infra::throttle, jobs,
};
use tracing_subscriber::EnvFilter;

// See the dependency's note in Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    match run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            // Plain text: sellers read these (a bad import file, say), not log tools.
            eprintln!("haitao-server: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    // Read once; everything below takes its settings from here.
    let env = haitao_server::infra::config::Env::from_process();
    let mode = Mode::from_env(&env)?;
    let target = db::Target::parse(&cli.db.database);
    let pool = db::open(&target).await?;
    let rate = rate::load(&pool, cli.db.rate.as_deref()).await?;
    let keys = || async {
        let (keys, source) = keys::load(
            &pool,
            keys::Config {
                mode,
                key_file: &target.key_file(),
                secret: cli.db.secret.as_deref(),
                file: cli.db.secret_file.as_deref(),
            },
        )
        .await?;
        match &source {
            keys::Source::Created(path) => tracing::warn!(
                file = %path.display(),
                "development: made a new master secret; keep this file out of backups of the database"
            ),
            keys::Source::MovedOutOfDatabase(path) => tracing::warn!(
                file = %path.display(),
                "development: the master secret was in the database; it is now in this file only"
            ),
            keys::Source::Env | keys::Source::File(_) => {}
        }
        Ok::<_, String>(keys)
    };
    match cli.command.unwrap_or(Command::Serve) {
        Command::Seed { products } => {
            let started = std::time::Instant::now();
            // Generated products are made from the starter catalog's, beside it.
            seed::starter_if_empty(&pool).await?;
            let n = seed::generate(&pool, products).await?;
            tracing::info!(
                products = n,
                elapsed_ms = started.elapsed().as_millis() as u64,
                "generated products"
            );
        }
        Command::Import { seller, file } => commands::import(&pool, &seller, &file).await?,
        Command::Publish { seller, product } => {
            commands::publish(&pool, &seller, product.as_deref()).await?
        }
        Command::Refund { order } => {
            let keys = keys().await?;
            let parts = Parts::configure(mode, &cli.serve, &env, &keys)?;
            commands::refund(&pool, parts.providers.provider.as_ref(), &order).await?
        }
        Command::Presale(PresaleCommand::Unfilled { slug }) => {
            let keys = keys().await?;
            let parts = Parts::configure(mode, &cli.serve, &env, &keys)?;
            commands::presale_unfilled(&pool, parts.providers.provider.as_ref(), &slug).await?
        }
        Command::Refunds { retry, handled } => {
            commands::refunds(&pool, retry.as_deref(), handled.as_deref()).await?
        }
        Command::Customs(CustomsCommand::Export { since, dir }) => {
            let keys = keys().await?;
            let parties = customs::Parties::from_env(mode, env.getter())?;
            commands::customs_export(&pool, &keys, &parties, since.as_deref(), &dir).await?
        }
        Command::Customs(CustomsCommand::Receipts { dir }) => {
            let keys = keys().await?;
            let parts = Parts::configure(mode, &cli.serve, &env, &keys)?;
            commands::customs_receipts(&pool, parts.providers.provider.as_ref(), &dir).await?
        }
        Command::Customs(CustomsCommand::Waybills { since, dir }) => {
            let parties = customs::Parties::from_env(mode, env.getter())?;
            let logistics = customs::logistics::Logistics::from_env(mode, env.getter())?;
            commands::customs_waybills(&pool, &parties, &logistics, since.as_deref(), &dir).await?
        }
        Command::Seller(SellerCommand::Invite {
            slug,
            email,
            name_en,
            name_zh,
            state,
            base,
        }) => {
            let (mailer, _) = haitao_server::mail::from_env(mode, env.getter())?.mailers(&pool);
            let new = haitao_server::sellers::operator::NewSeller {
                name_en: name_en.as_deref(),
                name_zh: name_zh.as_deref(),
                state: state.as_deref(),
            };
            commands::seller_invite(&pool, mailer.as_ref(), &slug, &email, &new, &base).await?
        }
        Command::Seller(SellerCommand::List) => commands::seller_list(&pool).await?,
        Command::Seller(SellerCommand::Suspend { slug, lift }) => {
            commands::seller_suspend(&pool, &slug, lift).await?
        }
        Command::Seller(SellerCommand::Verify { slug, note, on }) => {
            commands::seller_verify(&pool, &slug, on.as_deref(), &note).await?
        }
        Command::Codes(CodesCommand::Flagged) => commands::codes_flagged(&pool).await?,
        Command::Aftersales(AftersalesCommand::List) => commands::aftersales_list(&pool).await?,
        Command::Reviews(ReviewsCommand::List { product }) => {
            commands::reviews_list(&pool, &product).await?
        }
        Command::Reviews(ReviewsCommand::Hide { id, reason }) => {
            commands::reviews_hide(&pool, id, &reason).await?
        }
        Command::Aftersales(AftersalesCommand::Decide { id, decision, note }) => {
            let keys = keys().await?;
            let parts = Parts::configure(mode, &cli.serve, &env, &keys)?;
            let provider = parts.providers.provider;
            commands::aftersales_decide(&pool, provider.as_ref(), id, decision == "approve", &note)
                .await?
        }
        Command::Questions(QuestionsCommand::List) => commands::questions(&pool).await?,
        Command::Questions(QuestionsCommand::Answer { id, text }) => {
            commands::answer(&pool, id, &text).await?
        }
        Command::PreviewToken {
            seller,
            ttl,
            revoke,
            list,
            base,
        } => {
            let keys = keys().await?;
            let args = commands::PreviewArgs {
                seller: &seller,
                ttl: &ttl,
                revoke: revoke.as_deref(),
                list,
                base: &base,
            };
            commands::preview_token(&pool, &keys.preview, args).await?
        }
        Command::Serve => {
            let started = std::time::Instant::now();
            let keys = keys().await?;
            let parts = Parts::configure(mode, &cli.serve, &env, &keys)?;
            let advance_after = parts.sandbox_advance_secs;
            let App { state, router } =
                App::build(pool.clone(), rate, keys, parts, &cli.serve.dist).await?;
            let products = state.index.read().len();
            tracing::info!(
                products,
                elapsed_ms = started.elapsed().as_millis() as u64,
                mode = ?mode,
                "catalog indexed"
            );
            if state.payments.is_sandbox() {
                tracing::warn!("payments: the development sandbox; no money moves");
            }
            tokio::spawn(throttle::sweep(state.throttle.clone()));
            jobs::spawn(state.clone(), advance_after);
            // Import and publish run as other processes; this picks up their changes.
            tokio::spawn(haitao_server::catalog::reload::watch(
                pool.clone(),
                (*state.rate).clone(),
                state.index.clone(),
            ));
            let listener = tokio::net::TcpListener::bind((cli.serve.addr, cli.serve.port)).await?;
            tracing::info!("haitao listening on http://{}", listener.local_addr()?);
            // The peer address keys the order rate limit.
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .with_graceful_shutdown(shutdown_signal())
            .await?;
            pool.close().await;
            tracing::info!("stopped cleanly");
        }
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {err}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
