//! Scores a submission file with a bundled ruleset and prints the canonical answer.
fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(id), Some(path)) = (args.next(), args.next()) else {
        eprintln!("usage: score_file RULESET_ID FILE");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    match zonescore::Ruleset::bundled(&id) {
        Ok(r) => println!("{}", r.score_json(&text)),
        Err(e) => eprintln!("{e}"),
    }
}
