//! The HTML scorecards printed by headless Chromium: a PDF is made, every zone starts on a
//! new A4 page, an annual-assessment scorecard fits on one page, and a screenshot is taken.
//!
//! Ignored by a plain `cargo test` (it needs a browser); `scripts/test.sh rust` installs
//! Chromium when it is missing and runs these with `--ignored`, and a missing Chromium then
//! fails them: CHROMIUM_PATH, else /usr/bin/chromium, as wasm/test.sh finds it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::run;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> PathBuf {
    let path = PathBuf::from(std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into()));
    assert!(
        path.is_file(),
        "no Chromium at {}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH",
        path.display()
    );
    path
}

/// Runs headless Chromium on `html` with `action` (`--print-to-pdf=…`, `--screenshot=…`).
fn browse(html: &Path, action: &str, extra: &[&str]) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(action)
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// The pages of a PDF: its `/Type /Page` objects (not `/Type /Pages`).
fn pages(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1).filter(|w| w.starts_with(needle) && w[needle.len()] != b's').count()
}

/// Scores `inputs` into HTML and prints it; the number of pages.
fn printed(dir: &Path, name: &str, inputs: &[String]) -> usize {
    let html = dir.join(format!("{name}.html"));
    let pdf = dir.join(format!("{name}.pdf"));
    let mut args = vec!["score".to_owned(), "--format".into(), "html".into(), "-o".into(), html.display().to_string()];
    args.extend(inputs.iter().cloned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&args);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    browse(&html, &format!("--print-to-pdf={}", pdf.display()), &[]);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF was made");
    pages(&bytes)
}

fn examples(ruleset: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples").join(ruleset);
    let mut files: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path().display().to_string()).collect();
    files.sort();
    files
}

#[test]
#[ignore = "needs Chromium: scripts/test.sh runs it with --ignored"]
fn one_page_per_annual_assessment_zone() {
    let dir = tempfile::tempdir().unwrap();
    let files = examples("annual-assessment");
    assert!(files.len() >= 3);
    assert_eq!(printed(dir.path(), "all", &files), files.len(), "one A4 page per zone");
}

#[test]
#[ignore = "needs Chromium: scripts/test.sh runs it with --ignored"]
fn every_zone_starts_a_new_page() {
    // A zone-qualification scorecard (about 30 criteria with their reasons) takes two pages;
    // printed together, the zones take the sum of their own pages: none shares a page.
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<String> = examples("zone-qualification").into_iter().take(3).collect();
    let each: Vec<usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| printed(dir.path(), &format!("one-{i}"), std::slice::from_ref(f)))
        .collect();
    assert!(each.iter().all(|n| (1..=2).contains(n)), "{each:?}");
    assert_eq!(printed(dir.path(), "together", &files), each.iter().sum::<usize>());
}

#[test]
#[ignore = "needs Chromium: scripts/test.sh runs it with --ignored"]
fn a_screenshot_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("card.html");
    let oubei = examples("zone-qualification").into_iter().find(|f| f.ends_with("oubei-valves-2013.json")).unwrap();
    run(&["score", "--format", "html", "-o", &html.display().to_string(), &oubei]).expect_code(0);
    let png = dir.path().join("card.png");
    browse(&html, &format!("--screenshot={}", png.display()), &["--window-size=794,1123"]);
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000, "{} bytes", bytes.len());
}
