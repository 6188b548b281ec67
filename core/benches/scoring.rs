//! Benchmarks on the real cases: compiling the bundled rules (and reading them prepared),
//! validating and scoring one submission (from a parsed tree and from JSON text), and scoring
//! 10,000 in a batch.
//! Run with `cargo bench -p zonescore`; figures are recorded in docs/performance.md.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::path::Path;
use zonescore::{Input, RuleFormat, Ruleset};

fn case_text(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance").join(name).join("submission.json");
    std::fs::read_to_string(path).unwrap_or_default()
}

fn parsed(text: &str) -> Input {
    zonescore::input::parse_json(text.as_bytes(), 1 << 20, 64).map(|p| p.value).unwrap_or(Input::Null)
}

fn benches(c: &mut Criterion) {
    let rules_text = zonescore::bundled::text("zone-qualification").unwrap_or_default();
    c.bench_function("compile zone-qualification", |b| {
        b.iter(|| Ruleset::from_text(black_box(rules_text), Some(RuleFormat::Toml), "zq.toml"))
    });
    let Ok(rules) = Ruleset::bundled("zone-qualification") else { return };
    // What the browser's first download does as it starts instead (`bundled::use_prepared`).
    let prepared = rules.compiled().to_prepared();
    c.bench_function("read zone-qualification prepared", |b| {
        b.iter(|| zonescore::CompiledRuleset::from_prepared(black_box(&prepared)))
    });
    let text = case_text("zq-worked-example");
    let tree = parsed(&text);
    c.bench_function("validate one (parsed tree)", |b| b.iter(|| rules.validate(black_box(&tree))));
    c.bench_function("score one, numbers only (parsed tree)", |b| b.iter(|| rules.score_summary(black_box(&tree))));
    c.bench_function("score one, explained report (parsed tree)", |b| b.iter(|| rules.score(black_box(&tree))));
    c.bench_function("score one (JSON text → canonical JSON)", |b| b.iter(|| rules.score_json(black_box(&text))));
    let invalid = case_text("invalid-field-errors");
    c.bench_function("score one invalid (JSON text → canonical JSON)", |b| {
        b.iter(|| rules.score_json(black_box(&invalid)))
    });
    // 150 unknown keys: a "did you mean" looked for each among the submission's groups.
    let unknown = case_text("invalid-many-errors");
    c.bench_function("score one invalid, 150 unknown keys (JSON text → canonical JSON)", |b| {
        b.iter(|| rules.score_json(black_box(&unknown)))
    });
    let many: Vec<Input> = (0..10_000).map(|_| tree.clone()).collect();
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.bench_function("score 10,000 (all cores)", |b| b.iter(|| rules.score_many(black_box(&many))));
    group.bench_function("score 10,000 (one core)", |b| {
        b.iter(|| many.iter().for_each(|s| drop(black_box(rules.score(black_box(s))))))
    });
    group.bench_function("score 10,000, numbers only (all cores)", |b| {
        b.iter(|| rules.score_summary_many(black_box(&many)))
    });
    group.bench_function("score 10,000, numbers only (one core)", |b| {
        b.iter(|| many.iter().for_each(|s| drop(black_box(rules.score_summary(black_box(s))))))
    });
    group.finish();
}

criterion_group!(scoring, benches);
criterion_main!(scoring);
