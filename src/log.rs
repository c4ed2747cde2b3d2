//! Debug logging, off by default and switched on from JavaScript.
//!
//! Lines name the operation, method, path and status. Callers never pass a
//! token or an `Authorization` header here.

use std::cell::Cell;
use std::rc::Rc;

/// A switchable logger shared by a client and its flows.
#[derive(Clone, Default)]
pub struct Logger {
    enabled: Rc<Cell<bool>>,
}

impl Logger {
    /// Creates a logger, on or off.
    pub fn new(enabled: bool) -> Logger {
        Logger {
            enabled: Rc::new(Cell::new(enabled)),
        }
    }

    /// Switches logging on or off.
    pub fn set_enabled(&self, enabled: bool) {
        self.enabled.set(enabled);
    }

    /// Returns whether logging is on.
    pub fn enabled(&self) -> bool {
        self.enabled.get()
    }

    /// Writes `line` with `console.debug` when logging is on.
    pub fn log(&self, line: &str) {
        if self.enabled.get() {
            write_line(line);
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn write_line(line: &str) {
    web_sys::console::debug_2(&"[appmixer-accounts]".into(), &line.into());
}

#[cfg(not(target_arch = "wasm32"))]
fn write_line(line: &str) {
    eprintln!("[appmixer-accounts] {line}");
}
