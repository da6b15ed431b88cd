use clap::Parser;
use haitao_server::config::{Cli, Command};
use haitao_server::secret::Secret;
use haitao_server::{commands, db, rate, seed, AppState};
use tracing_subscriber::EnvFilter;

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
    let pool = db::open(&cli.db.database).await?;
    let rate = rate::load(&pool, cli.db.rate.as_deref()).await?;
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
        Command::PreviewToken {
            seller,
            ttl,
            revoke,
            list,
            base,
        } => {
            let secret =
                Secret::load(&pool, std::env::var("HAITAO_SECRET").ok().as_deref()).await?;
            let args = commands::PreviewArgs {
                seller: &seller,
                ttl: &ttl,
                revoke: revoke.as_deref(),
                list,
                base: &base,
            };
            commands::preview_token(&pool, &secret, args).await?
        }
        Command::Serve => {
            let started = std::time::Instant::now();
            let mut state = AppState::new(
                pool.clone(),
                rate,
                std::env::var("HAITAO_SECRET").ok().as_deref(),
            )
            .await?;
            let products = state.index.read().map(|i| i.len()).unwrap_or(0);
            tracing::info!(
                products,
                elapsed_ms = started.elapsed().as_millis() as u64,
                "catalog indexed"
            );
            // The sandbox moves paid orders to "customs declared", then "shipped".
            let advance_after: i64 = std::env::var("HAITAO_SANDBOX_ADVANCE_SECS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(30);
            let db = pool.clone();
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
                loop {
                    tick.tick().await;
                    if let Err(err) = haitao_server::payments::advance(&db, advance_after).await {
                        tracing::warn!("sandbox status advance: {err}");
                    }
                }
            });
            state.throttle = haitao_server::throttle::Throttle::new(
                cli.serve.order_burst,
                cli.serve.orders_per_minute,
                cli.serve.trust_proxy,
            );
            tokio::spawn(haitao_server::throttle::sweep(state.throttle.clone()));
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
