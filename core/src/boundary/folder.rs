//! Which files of a folder are submissions: every `*.json` (and, where workbooks are read,
//! every `*.xlsx` / `*.xlsm`), in sub-folders too, sorted by name at each level. One rule
//! for `zonescore score`, `zonescore summary`, ruleset goal tests and Python.

use crate::model::Text;
use std::path::{Path, PathBuf};

/// Deepest folder nesting searched for submissions.
pub const MAX_FOLDER_DEPTH: usize = 32;

/// Which files a folder walk takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Take {
    /// JSON submissions only.
    Json,
    /// JSON submissions and Excel workbooks.
    JsonAndWorkbooks,
}

/// What stopped part of a walk: the walk goes on past it, and a caller reports it.
#[derive(Debug)]
pub enum FolderProblem {
    /// Folders nested deeper than [`MAX_FOLDER_DEPTH`], at this folder.
    TooDeep(PathBuf),
    /// A folder that could not be read.
    Unreadable(PathBuf, std::io::Error),
}

impl FolderProblem {
    /// Stable code: `too_deep` or `unreadable`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooDeep(_) => "too_deep",
            Self::Unreadable(..) => "unreadable",
        }
    }

    /// The folder the problem is at.
    pub fn folder(&self) -> &Path {
        match self {
            Self::TooDeep(d) | Self::Unreadable(d, _) => d,
        }
    }

    /// The problem in both languages: `{folder}：文件夹嵌套超过 32 层` /
    /// `{folder}: folders nested deeper than 32`, or the folder and why it cannot be read.
    pub fn message(&self) -> Text {
        match self {
            Self::TooDeep(d) => {
                let d = d.display();
                Text::new(
                    format!("{d}：文件夹嵌套超过 {MAX_FOLDER_DEPTH} 层"),
                    format!("{d}: folders nested deeper than {MAX_FOLDER_DEPTH}"),
                )
            }
            Self::Unreadable(d, e) => {
                let (d, why) = (d.display(), io_reason(e));
                Text::new(format!("{d}：{}", why.zh), format!("{d}: {}", why.en))
            }
        }
    }
}

/// Why a file or folder cannot be read, in both languages: the common reasons worded,
/// any other the system's own (without its `(os error N)`).
pub fn io_reason(e: &std::io::Error) -> Text {
    match e.kind() {
        std::io::ErrorKind::NotFound => Text::new("没有这个文件或文件夹", "no such file or folder"),
        std::io::ErrorKind::PermissionDenied => Text::new("没有权限", "permission denied"),
        _ => {
            let s = e.to_string();
            let s = s.split(" (os error").next().unwrap_or(&s).to_lowercase();
            Text::new(s.clone(), s)
        }
    }
}

/// Whether a file name is one a walk takes (`.json`, and with workbooks `.xlsx`/`.xlsm`;
/// any case).
pub fn is_submission_file(path: &Path, take: Take) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
    ext.eq_ignore_ascii_case("json")
        || (take == Take::JsonAndWorkbooks && (ext.eq_ignore_ascii_case("xlsx") || ext.eq_ignore_ascii_case("xlsm")))
}

/// The submission files under `dir`, sorted by name at each level, and what could not be
/// walked. Symbolic links to folders are not followed, so a link loop cannot make the walk
/// endless.
pub fn submission_files(dir: &Path, take: Take) -> (Vec<PathBuf>, Vec<FolderProblem>) {
    let (mut found, mut problems) = (Vec::new(), Vec::new());
    walk(dir, 0, take, &mut found, &mut problems);
    (found, problems)
}

fn walk(dir: &Path, depth: usize, take: Take, found: &mut Vec<PathBuf>, problems: &mut Vec<FolderProblem>) {
    if depth > MAX_FOLDER_DEPTH {
        problems.push(FolderProblem::TooDeep(dir.to_path_buf()));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(FolderProblem::Unreadable(dir.to_path_buf(), e));
            return;
        }
    };
    let mut entries: Vec<std::fs::DirEntry> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            walk(&path, depth + 1, take, found, problems);
        } else if is_submission_file(&path, take) && (kind.is_file() || path.is_file()) {
            found.push(path);
        }
    }
}
