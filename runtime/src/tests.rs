//! Test support shared by the unit tests of every module.

use std::sync::{Mutex, MutexGuard};

/// Sites are process-wide; tests that end frames take turns.
pub(crate) fn serial() -> MutexGuard<'static, ()> {
    static SERIAL: Mutex<()> = Mutex::new(());
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}
