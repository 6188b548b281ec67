//! The strict JSON reader beside serde_json (in progress).
fn main() {}
