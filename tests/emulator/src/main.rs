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

    let stop_signals = match StopSignals::register() {
        Ok(signals) => signals,
        Err(error) => {
            tracing::error!("failed to register the SIGINT and SIGTERM handlers: {error}");
            return ExitCode::FAILURE;
        }
    };

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

    emulator.run(stop_signals.recv()).await;
    tracing::info!("stopped");
    ExitCode::SUCCESS
}

/// SIGINT and SIGTERM listeners.
///
/// They are registered before the listen line is printed, because a script
/// may signal as soon as it reads that line, and a background job starts with
/// SIGINT ignored, so a SIGINT sent before registration would be lost.
#[cfg(unix)]
struct StopSignals {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl StopSignals {
    fn register() -> std::io::Result<StopSignals> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(StopSignals {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    async fn recv(mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => tracing::info!("received SIGINT, stopping"),
            _ = self.terminate.recv() => tracing::info!("received SIGTERM, stopping"),
        }
    }
}

/// Ctrl-C listener on platforms without Unix signals.
#[cfg(not(unix))]
struct StopSignals;

#[cfg(not(unix))]
impl StopSignals {
    fn register() -> std::io::Result<StopSignals> {
        Ok(StopSignals)
    }

    async fn recv(self) {
        match tokio::signal::ctrl_c().await {
            Ok(()) => tracing::info!("received Ctrl-C, stopping"),
            Err(error) => {
                tracing::error!("failed to listen for Ctrl-C: {error}");
                std::future::pending::<()>().await;
            }
        }
    }
}
