//! Shared code of the integration tests: functions annotated with
//! `#[wasm_ledger::track]` whose crossings the wasm tests compare with the
//! truth probe.
