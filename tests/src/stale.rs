//! Expected files that no case makes any more: the tests find them, `scripts/bless.sh`
//! deletes them, so that a removed or renamed case leaves nothing behind.

use crate::{Suite, EXPECTED, EXPECTED_MEANING};
use std::path::{Path, PathBuf};

/// The expected files of `suite` that no case makes: every `expected*` file of a folder
/// without a `case.json`, and in a case's folder every `expected*` file other than
/// [`EXPECTED`] and [`EXPECTED_MEANING`] (a file of a former naming).
pub fn stale_files(suite: Suite) -> Vec<PathBuf> {
    let mut stale = Vec::new();
    for folder in sub_folders(&suite.dir()) {
        let is_case = folder.join("case.json").is_file();
        for file in files(&folder) {
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let kept = is_case && (name == EXPECTED || name == EXPECTED_MEANING);
            if name.starts_with("expected") && !kept {
                stale.push(file);
            }
        }
    }
    stale.sort();
    stale
}

/// Deletes the stale expected files of `suite`, and each folder they leave empty; returns
/// what was deleted.
pub fn remove_stale(suite: Suite) -> Result<Vec<PathBuf>, String> {
    let stale = stale_files(suite);
    for file in &stale {
        std::fs::remove_file(file).map_err(|e| format!("{}: {e}", file.display()))?;
        if let Some(folder) = file.parent() {
            if files(folder).is_empty() && sub_folders(folder).is_empty() {
                std::fs::remove_dir(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
            }
        }
    }
    Ok(stale)
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir).map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default()
}

fn sub_folders(dir: &Path) -> Vec<PathBuf> {
    entries(dir).into_iter().filter(|p| p.is_dir()).collect()
}

fn files(dir: &Path) -> Vec<PathBuf> {
    entries(dir).into_iter().filter(|p| p.is_file()).collect()
}
