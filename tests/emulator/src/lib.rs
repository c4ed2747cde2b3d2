//! Emulator of the Appmixer Accounts REST API for the SDK's browser tests and
//! demo: the documented endpoints over real HTTP, a fake OAuth provider with its
//! callback page, fault injection and a request log, all on one loopback server.

mod admin;
mod app;
mod boom;
mod cors;
mod faults;
mod ids;
mod provider;
mod request_log;
mod routes;
mod server;
mod state;

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use tokio::net::TcpListener;

pub use state::{
    FLOW_IDS, PIPEDRIVE_ACCOUNT_ID, PIPEDRIVE_TOKEN_ID, SLACK_ACCOUNT_ID, SLACK_COMPONENT_ID,
    SLACK_TOKEN_ID,
};

/// Token that API calls must present unless `--token` sets another.
pub const DEFAULT_TOKEN: &str = "demo-token";

/// A bound emulator that has not started serving yet.
pub struct Emulator {
    listener: TcpListener,
    app: app::App,
}

impl Emulator {
    /// Binds `address` (such as `127.0.0.1:0` for a free port) with seed data.
    ///
    /// Returns an `InvalidInput` error for an empty token.
    pub async fn bind(address: &str, token: &str) -> io::Result<Emulator> {
        if token.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the bearer token must not be empty",
            ));
        }
        let listener = TcpListener::bind(address).await?;
        let local_addr = listener.local_addr()?;
        let app = app::App::new(token.to_owned(), local_addr);
        Ok(Emulator { listener, app })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.app.shared.listen_addr
    }

    /// Serves until `shutdown` resolves, then gives open connections up to 3 s.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        server::serve(self.listener, self.app, shutdown).await;
    }
}
