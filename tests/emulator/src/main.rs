//! Command-line entry point of the Appmixer API emulator.

use clap::Parser;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use appmixer_emulator::{Emulator, DEFAULT_TOKEN};

/// Emulator of the Appmixer Accounts REST API, with a fake OAuth provider,
/// fault injection and a request log, for the SDK's browser tests and demo.
#[derive(Parser)]
#[command(name = "appmixer-emulator", version)]
struct Cli {
    /// Address to listen on, as HOST:PORT; port 0 picks a free port.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    listen: String,

    /// Bearer token that API calls must send in `Authorization: Bearer <TOKEN>`.
    #[arg(long, value_name = "TOKEN", default_value = DEFAULT_TOKEN)]
    token: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let cli = Cli::parse();

    let emulator = match Emulator::bind(&cli.listen, &cli.token).await {
        Ok(emulator) => emulator,
        Err(error) => {
            tracing::error!("failed to listen on {}: {error}", cli.listen);
            return ExitCode::FAILURE;
        }
    };
    // Scripts read this exact line to learn the address.
    let mut stdout = std::io::stdout();
    let announced = writeln!(
        stdout,
        "appmixer-emulator listening on http://{}",
        emulator.local_addr()
    )
    .and_then(|()| stdout.flush());
    if let Err(error) = announced {
        tracing::error!("failed to write the listen address to stdout: {error}");
        return ExitCode::FAILURE;
    }

    emulator.run(stop_signal()).await;
    tracing::info!("stopped");
    ExitCode::SUCCESS
}

/// Resolves on SIGINT or, on Unix, SIGTERM.
async fn stop_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!("failed to listen for SIGINT: {error}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!("failed to listen for SIGTERM: {error}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => tracing::info!("received SIGINT, stopping"),
        () = terminate => tracing::info!("received SIGTERM, stopping"),
    }
}
