//! Scores a submission file with a bundled ruleset and prints the canonical answer.
//! `cargo run -p zonescore --example score_file -- zone-qualification rules/examples/zone-qualification/oubei-valves-2013.json`
fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(id), Some(path)) = (args.next(), args.next()) else {
        eprintln!("usage: score_file RULESET_ID FILE");
        std::process::exit(2);
    };
    // Bytes, not text: the engine answers a byte-order mark or invalid UTF-8 itself.
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    match zonescore::Ruleset::bundled(&id) {
        Ok(rules) => println!("{}", zonescore::canonical(&rules.score_bytes(&bytes))),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}
