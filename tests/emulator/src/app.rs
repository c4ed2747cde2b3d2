//! State shared by every connection and the router built on it.

use axum::Router;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use crate::faults::FaultQueue;
use crate::request_log::RequestLog;
use crate::state::Store;

/// Everything the handlers read and change, behind one `Arc`.
#[derive(Debug)]
pub struct Shared {
    /// Bearer token that API calls must present.
    pub token: String,
    pub listen_addr: SocketAddr,
    pub store: Mutex<Store>,
    pub faults: Mutex<FaultQueue>,
    pub request_log: RequestLog,
}

pub type SharedState = Arc<Shared>;

#[derive(Clone)]
pub struct App {
    pub shared: SharedState,
    pub router: Router,
}

impl App {
    pub fn new(token: String, listen_addr: SocketAddr) -> App {
        let shared = Arc::new(Shared {
            token,
            listen_addr,
            store: Mutex::new(Store::seed()),
            faults: Mutex::new(FaultQueue::default()),
            request_log: RequestLog::default(),
        });
        let router = crate::routes::router(shared.clone());
        App { shared, router }
    }
}
