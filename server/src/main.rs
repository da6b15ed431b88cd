use clap::Parser;
use haitao_server::config::{Cli, Command, CustomsCommand, QuestionsCommand, ServeArgs};
use haitao_server::mode::Mode;
use haitao_server::state::Settings;
use haitao_server::{commands, customs, db, jobs, keys, rate, seed, throttle, AppState};
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
    let mode = Mode::from_env()?;
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
            let settings = settings(mode, &cli.serve)?;
            let http = haitao_server::payments::config::http_client()?;
            let p = haitao_server::payments::config::from_env(&settings, &keys, &http, |k| {
                std::env::var(k).ok()
            })?;
            commands::refund(&pool, p.provider.as_ref(), &order).await?
        }
        Command::Refunds { retry, handled } => {
            commands::refunds(&pool, retry.as_deref(), handled.as_deref()).await?
        }
        Command::Customs(CustomsCommand::Export { since, dir }) => {
            let keys = keys().await?;
            let parties = customs::Parties::from_env(mode, |k| std::env::var(k).ok())?;
            commands::customs_export(&pool, &keys, &parties, since.as_deref(), &dir).await?
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
            let settings = settings(mode, &cli.serve)?;
            let trusted = throttle::parse_proxies(&cli.serve.trusted_proxies)?;
            let keys = keys().await?;
            let (sms, dev_sms) = haitao_server::sms::from_env(mode, |k| std::env::var(k).ok())?;
            let mut state = AppState::new(pool.clone(), rate, keys, settings).await?;
            state.sms = sms;
            state.dev_sms = dev_sms;
            let products = state.index.read().map(|i| i.len()).unwrap_or(0);
            tracing::info!(
                products,
                elapsed_ms = started.elapsed().as_millis() as u64,
                mode = ?mode,
                "catalog indexed"
            );
            if state.payments.is_sandbox() {
                tracing::warn!("payments: the development sandbox; no money moves");
            }
            // The sandbox moves paid orders to "customs declared", then "shipped".
            let advance_after: i64 = std::env::var("HAITAO_SANDBOX_ADVANCE_SECS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(30);
            state.throttle = throttle::Throttle::new(
                cli.serve.order_burst,
                cli.serve.orders_per_minute,
                trusted,
            );
            // Several processes share one PostgreSQL: one limit for all of them.
            if db::backend(&pool) == db::Backend::Postgres {
                state.throttle = state.throttle.shared(
                    pool.clone(),
                    cli.serve.order_burst,
                    cli.serve.orders_per_minute,
                );
            }
            tokio::spawn(throttle::sweep(state.throttle.clone()));
            jobs::spawn(state.clone(), advance_after);
            // Import and publish run as other processes; this picks up their changes.
            tokio::spawn(haitao_server::reload::watch(
                pool.clone(),
                (*state.rate).clone(),
                state.index.clone(),
            ));
            let app = haitao_server::router(state, &cli.serve.dist);
            let listener = tokio::net::TcpListener::bind((cli.serve.addr, cli.serve.port)).await?;
            tracing::info!("haitao listening on http://{}", listener.local_addr()?);
            // The peer address keys the order rate limit.
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .with_graceful_shutdown(shutdown_signal())
            .await?;
            pool.close().await;
            tracing::info!("stopped cleanly");
        }
    }
    Ok(())
}

fn settings(mode: Mode, a: &ServeArgs) -> Result<Settings, String> {
    let public_url = a
        .public_url
        .as_deref()
        .map(|u| u.trim().trim_end_matches('/').to_owned())
        .filter(|u| !u.is_empty());
    if let Some(u) = &public_url {
        if !(u.starts_with("http://") || u.starts_with("https://")) {
            return Err(format!(
                "HAITAO_PUBLIC_URL={u:?}: expected http(s)://host[:port]"
            ));
        }
    }
    let contact = match a
        .contact
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(c) => c.to_owned(),
        None if mode.is_production() => {
            return Err(
                "HAITAO_ENV=production: set HAITAO_CONTACT, where shoppers write about \
                 their personal information (the privacy policy names it)"
                    .into(),
            )
        }
        None => haitao_server::state::DEVELOPMENT_CONTACT.into(),
    };
    Ok(Settings {
        mode,
        payments: a.payments.trim().to_owned(),
        pay_within_secs: i64::from(a.pay_within_minutes) * 60,
        id_retention_days: i64::from(a.id_retention_days),
        public_url,
        listen_url: format!("http://{}", std::net::SocketAddr::new(a.addr, a.port)),
        hold_percent: a.hold_percent,
        contact,
    })
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
