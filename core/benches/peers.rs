//! zonescore beside a hand-written scorer of the same rules and datalogic-rs (in progress).
fn main() {}
