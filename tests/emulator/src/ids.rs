//! Identifier and timestamp formats that match the real API's.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The only user of the emulated tenant; tickets start with this id.
pub const USER_ID: &str = "58593f07c3ee4f239dc69ff7";

static OBJECT_ID_COUNTER: AtomicU32 = AtomicU32::new(0);

/// Generates a 24-hex id laid out like a MongoDB ObjectId: 4 bytes of Unix
/// seconds, 5 random bytes and a 3-byte counter, so ids are unique per process.
pub fn new_object_id() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as u32)
        .unwrap_or(0);
    let random = uuid::Uuid::new_v4();
    let counter = OBJECT_ID_COUNTER.fetch_add(1, Ordering::Relaxed) & 0x00ff_ffff;
    let mut id = format!("{seconds:08x}");
    for byte in &random.as_bytes()[..5] {
        id.push_str(&format!("{byte:02x}"));
    }
    id.push_str(&format!("{counter:06x}"));
    id
}

/// Generates an authentication session ticket, `<userId>:<uuid v4>`.
pub fn new_ticket() -> String {
    format!("{USER_ID}:{}", uuid::Uuid::new_v4())
}

/// Generates an opaque random token such as an OAuth authorization code.
pub fn new_random_hex() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Formats the current time as ISO 8601 in UTC with milliseconds, as JavaScript's
/// `Date.prototype.toISOString` does.
pub fn now_iso8601() -> String {
    humantime::format_rfc3339_millis(SystemTime::now()).to_string()
}
