//! Where submissions come from: files, folders (every `*.json` and `*.xlsx`, sorted,
//! recursively) and standard input, read with a size cap so a stray multi-gigabyte file cannot exhaust memory.

use std::io::Read;
use std::path::{Path, PathBuf};
use zonescore::{submission_files, Take};

/// Bytes one input may hold: the most a workbook may (16 MiB). A bigger input is not read
/// at all, and named with its size; a JSON submission past the engine's own limit
/// ([`zonescore::MAX_SUBMISSION_BYTES`]) and within this one is refused by the engine
/// with its exact size.
pub const READ_CAP: usize = zonescore::xlsx::MAX_WORKBOOK_BYTES;

/// One submission to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    /// How the source is named in output (`-` for standard input).
    pub fn name(&self) -> String {
        match self {
            Self::Stdin => "-".to_owned(),
            Self::File(p) => p.display().to_string(),
        }
    }

    /// Reads the source's bytes; one that holds more than [`READ_CAP`] is an error naming
    /// its size (a file's from the file system, before anything is read).
    pub fn read(&self) -> Result<Vec<u8>, String> {
        let mut bytes = Vec::new();
        let limit = u64::try_from(READ_CAP).unwrap_or(u64::MAX).saturating_add(1);
        // Standard input named in words, as a scorecard names it, not as `-`.
        let (zh_name, en_name) = match self {
            Self::Stdin => ("（标准输入）".to_owned(), "(standard input)".to_owned()),
            Self::File(_) => (self.name(), self.name()),
        };
        let cannot = |e: std::io::Error| {
            pick(
                format!("{zh_name}：无法读取：{}", io_reason(&e)),
                format!("{en_name}: cannot read: {}", io_reason(&e)),
            )
        };
        let size = match self {
            Self::Stdin => {
                std::io::stdin().lock().take(limit).read_to_end(&mut bytes).map_err(cannot)?;
                None
            }
            Self::File(p) => {
                let file = std::fs::File::open(p).map_err(cannot)?;
                let size = file.metadata().map(|m| m.len()).ok().filter(|&n| n >= limit);
                if size.is_none() {
                    file.take(limit).read_to_end(&mut bytes).map_err(cannot)?;
                }
                size
            }
        };
        if size.is_none() && bytes.len() <= READ_CAP {
            return Ok(bytes);
        }
        let mib = READ_CAP >> 20;
        Err(match size {
            Some(n) => pick(
                format!("{zh_name}：有 {n} 字节，超过任何输入的上限 {READ_CAP} 字节（{mib} MiB），未读取"),
                format!(
                    "{en_name}: holds {n} bytes, more than any input may hold ({READ_CAP} bytes, {mib} MiB); not read"
                ),
            ),
            // Standard input, read up to the cap: its size is not known.
            None => pick(
                format!("{zh_name}：超过任何输入的上限 {READ_CAP} 字节（{mib} MiB），未读取"),
                format!("{en_name}: more than any input may hold ({READ_CAP} bytes, {mib} MiB); not read"),
            ),
        })
    }
}

/// One of two texts, in the language of the run.
fn pick(zh: String, en: String) -> String {
    match crate::lang::Lang::current() {
        crate::lang::Lang::Zh => zh,
        crate::lang::Lang::En => en,
    }
}

/// A short reason for an I/O error, in the language of the run (lowercase in English).
pub fn io_reason(e: &std::io::Error) -> String {
    crate::lang::Lang::current().text(&zonescore::io_reason(e)).to_owned()
}

/// The submissions named on the command line, in order, folders expanded to their JSON
/// files and Excel workbooks. Every path problem is collected, so that one run reports them all.
pub fn collect_with_workbooks(args: &[String]) -> Result<Vec<Source>, Vec<String>> {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    let mut stdin_seen = false;
    for arg in args {
        if arg == "-" {
            if stdin_seen {
                errors.push(pick(
                    "标准输入（`-`）只能给出一次".into(),
                    "standard input (`-`) can be given only once".into(),
                ));
            }
            stdin_seen = true;
            sources.push(Source::Stdin);
            continue;
        }
        let path = Path::new(arg);
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                walk(path, &mut found, &mut errors);
                if found.is_empty() {
                    errors.push(pick(
                        format!("{arg}：文件夹中没有 `*.json` 或 `*.xlsx` 文件"),
                        format!("{arg}: the folder holds no `*.json` or `*.xlsx` files"),
                    ));
                }
                sources.extend(found.into_iter().map(Source::File));
            }
            Ok(_) => sources.push(Source::File(path.to_path_buf())),
            Err(e) => errors.push(pick(format!("{arg}：{}", io_reason(&e)), format!("{arg}: {}", io_reason(&e)))),
        }
    }
    if errors.is_empty() {
        Ok(sources)
    } else {
        Err(errors)
    }
}

/// The submission files under `dir` as core takes them, each folder problem worded. A
/// submission file the walk lists but cannot reach (a link to a file that is gone) is taken
/// in its place among the others, so that reading it fails as any unreadable file does: it
/// is named in the closing count and the rest are scored.
fn walk(dir: &Path, found: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    let (mut files, problems) = submission_files(dir, Take::JsonAndWorkbooks);
    let lang = crate::lang::Lang::current();
    for problem in problems {
        match problem {
            zonescore::FolderProblem::Unreadable(path, _)
                if zonescore::is_submission_file(&path, Take::JsonAndWorkbooks) =>
            {
                let at = files.partition_point(|f| *f < path);
                files.insert(at, path);
            }
            problem => errors.push(lang.text(&problem.message()).to_owned()),
        }
    }
    let (locks, files): (Vec<PathBuf>, Vec<PathBuf>) =
        files.into_iter().partition(|f| crate::workbook::is_lock_file(f));
    for lock in locks {
        crate::out::eprint(&format!("{}\n", lang.text(&crate::workbook::lock_note(&lock))));
    }
    let (passed_over, files): (Vec<PathBuf>, Vec<PathBuf>) =
        files.into_iter().partition(|f| zonescore::xlsx::is_results_workbook_file(f));
    for results in passed_over {
        let name = results.display();
        crate::out::eprint(&format!(
            "{}\n",
            lang.pick(
                &format!("{name}：zonescore 写出的评分结果工作簿，不是提交，已跳过"),
                &format!("{name}: a results workbook zonescore wrote, not a submission: passed over"),
            )
        ));
    }
    found.extend(files);
}

/// Which file a path names, links followed: its device and inode where there are such (so
/// that a hard link is the file it links to), else its canonical path. `None` for a path
/// that names no existing file.
#[cfg(unix)]
fn file_key(path: &Path) -> Option<(u64, u64, PathBuf)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino(), PathBuf::new()))
}

#[cfg(not(unix))]
fn file_key(path: &Path) -> Option<(u64, u64, PathBuf)> {
    std::fs::canonicalize(path).ok().map(|p| (0, 0, p))
}

/// `sources` with each file once however many arguments reach it (`replay a a`, a folder
/// and a file in it), for a command whose figures count files: a file read twice would
/// count twice in a replay's or a county summary's figures. A file whose identity cannot be
/// read is kept (its read then says why).
pub fn each_once(sources: Vec<Source>) -> Vec<Source> {
    let mut seen = std::collections::HashSet::new();
    sources
        .into_iter()
        .filter(|s| match s {
            Source::File(path) => file_key(path).is_none_or(|key| seen.insert(key)),
            Source::Stdin => true,
        })
        .collect()
}

/// Whether two paths name the same existing file (`./a.json`, `a.json`, a symbolic or a hard
/// link to it are one file). A path that does not exist yet names no existing file: writing
/// it cannot destroy an input.
pub fn same_file(a: &Path, b: &Path) -> bool {
    matches!((file_key(a), file_key(b)), (Some(a), Some(b)) if a == b)
}

/// The first of `sources` that `output` would overwrite, by name.
pub fn overwritten<'a>(output: &Path, sources: &'a [Source]) -> Option<&'a Source> {
    sources.iter().find(|s| matches!(s, Source::File(p) if same_file(p, output)))
}

/// Whether the command line names a single submission (one file or `-`), whose JSON
/// answer is printed bare rather than in a list.
pub fn is_single(args: &[String]) -> bool {
    match args {
        [one] => one == "-" || !Path::new(one).is_dir(),
        _ => false,
    }
}
