//! Which files of a folder are submissions: every `*.json` (and, where workbooks are read,
//! every `*.xlsx` / `*.xlsm`, and spreadsheets of other formats, to be refused by name), in
//! sub-folders too, sorted by name at each level. One rule
//! for `zonescore score`, `zonescore summary`, ruleset goal tests and Python.

use crate::model::Text;
use std::collections::HashSet;
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
    /// A folder that could not be read, or a submission file it lists that cannot be (a
    /// symbolic link to a file that is gone).
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

    /// Where the problem is: the folder, or for a link to a submission that is gone, the
    /// link.
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

/// Why a file or folder cannot be read or written, in both languages: the common reasons
/// worded, any other as the system gives it (without its `(os error N)`), named as such in
/// Chinese.
pub fn io_reason(e: &std::io::Error) -> Text {
    use std::io::ErrorKind as Kind;
    let (zh, en) = match e.kind() {
        Kind::NotFound => ("没有这个文件或文件夹", "no such file or folder"),
        Kind::PermissionDenied => ("没有权限", "permission denied"),
        Kind::IsADirectory => ("这是文件夹，不是文件", "is a folder, not a file"),
        Kind::NotADirectory => ("路径中有一段不是文件夹", "a part of the path is not a folder"),
        Kind::AlreadyExists => ("已存在", "already exists"),
        Kind::ReadOnlyFilesystem => ("所在的文件系统只读", "the file system is read-only"),
        Kind::StorageFull => ("磁盘已满", "the disk is full"),
        _ => {
            let s = e.to_string();
            let s = s.split(" (os error").next().unwrap_or(&s).to_lowercase();
            return Text::new(format!("系统报告：{s}"), s);
        }
    };
    Text::new(zh, en)
}

/// Spreadsheets a town may send in a format the reader cannot read: Excel 97–2003, WPS,
/// OpenDocument, Excel binary, Numbers. A walk that takes workbooks takes them too, so that
/// each is refused by name (save it as `.xlsx`) rather than left out of the folder unsaid.
const OTHER_SPREADSHEETS: [&str; 5] = ["xls", "et", "ods", "xlsb", "numbers"];

/// Whether a file name is one a walk takes (`.json`; with workbooks `.xlsx`, `.xlsm` and the
/// spreadsheets of other formats that the reader refuses by name; any case).
pub fn is_submission_file(path: &Path, take: Take) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
    let is = |e: &str| ext.eq_ignore_ascii_case(e);
    is("json")
        || (take == Take::JsonAndWorkbooks && (is("xlsx") || is("xlsm") || OTHER_SPREADSHEETS.iter().any(|e| is(e))))
}

/// The submission files under `dir`, sorted by name at each level, and what could not be
/// walked. A symbolic link is followed, wherever it leads (outside `dir` too): to a folder,
/// walked once however many links lead to it (so a link loop cannot make the walk endless);
/// to a submission file, taken once however many links lead to it (the first name met, in
/// the walk's order); to nothing, a problem, since a file the user put there would otherwise
/// be left out unsaid.
pub fn submission_files(dir: &Path, take: Take) -> (Vec<PathBuf>, Vec<FolderProblem>) {
    let mut walk = Walk { take, found: Vec::new(), problems: Vec::new(), seen: HashSet::new() };
    walk.folder(dir, 0);
    (walk.found, walk.problems)
}

struct Walk {
    take: Take,
    found: Vec<PathBuf>,
    problems: Vec<FolderProblem>,
    /// The folders walked and the files taken, by their real paths.
    seen: HashSet<PathBuf>,
}

impl Walk {
    /// Whether `path` is met for the first time, by its real path (by the path itself where
    /// the system cannot tell the real one, as on some network drives).
    fn first_time(&mut self, path: &Path) -> bool {
        self.seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }

    fn folder(&mut self, dir: &Path, depth: usize) {
        if depth > MAX_FOLDER_DEPTH {
            self.problems.push(FolderProblem::TooDeep(dir.to_path_buf()));
            return;
        }
        if !self.first_time(dir) {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.problems.push(FolderProblem::Unreadable(dir.to_path_buf(), e));
                return;
            }
        };
        let mut entries: Vec<std::fs::DirEntry> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else { continue };
            let taken = is_submission_file(&path, self.take);
            if kind.is_dir() {
                self.folder(&path, depth + 1);
            } else if kind.is_symlink() {
                match std::fs::metadata(&path) {
                    Ok(target) if target.is_dir() => self.folder(&path, depth + 1),
                    Ok(target) if target.is_file() && taken => self.take_file(path),
                    Err(e) if taken => self.problems.push(FolderProblem::Unreadable(path, e)),
                    _ => {}
                }
            } else if taken && kind.is_file() {
                self.take_file(path);
            }
        }
    }

    fn take_file(&mut self, path: PathBuf) {
        if self.first_time(&path) {
            self.found.push(path);
        }
    }
}
