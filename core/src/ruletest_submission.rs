//! Where a ruleset test case's submission comes from: a file, inline text, or a base file
//! changed by `set` and `unset`, each change checked so that a typo fails the case.

use super::TestCase;
use crate::input::{parse_json, Input};
use crate::model::Text;
use std::path::Path;

/// Why a case's file cannot be read, saying where its path is taken from: a test file
/// copied without the files it names fails every case with this.
fn unreadable(path: &Path, e: &std::io::Error) -> Text {
    let (path, why) = (path.display(), crate::io_reason(e));
    Text::new(
        format!("无法读取 {path}（用例中的路径从测试文件所在的文件夹算起）：{}", why.zh),
        format!("cannot read {path} (a case's paths are taken from the test file's folder): {}", why.en),
    )
}

fn read_json(path: &Path) -> Result<Input, Text> {
    let bytes = std::fs::read(path).map_err(|e| unreadable(path, &e))?;
    let at = path.display();
    json_text(&bytes).map_err(|e| Text::new(format!("{at}：{}", e.zh), format!("{at}: {}", e.en)))
}

fn json_text(bytes: &[u8]) -> Result<Input, Text> {
    parse_json(bytes, crate::validate::MAX_SUBMISSION_BYTES, crate::validate::MAX_DEPTH)
        .map(|p| p.value)
        .map_err(|e| crate::validate::json_failure(e).message)
}

pub(super) enum Submission {
    Bytes(Vec<u8>),
    Tree(Input),
}

pub(super) fn submission(case: &TestCase, dir: &Path) -> Result<Submission, Text> {
    let one_of = || {
        Text::new(
            "请给出 `submission`、`submission_json`、`base` 之一",
            "give one of `submission`, `submission_json` and `base`",
        )
    };
    let edited = case.set.is_some() || !case.unset.is_empty();
    let mut input = match (&case.submission, &case.submission_json, &case.base) {
        (Some(file), None, None) if !edited => {
            let path = dir.join(file);
            return std::fs::read(&path).map(Submission::Bytes).map_err(|e| unreadable(&path, &e));
        }
        (None, Some(text), None) if !edited => return Ok(Submission::Bytes(text.clone().into_bytes())),
        (None, None, Some(file)) => read_json(&dir.join(file))?,
        (None, None, None) => return Err(one_of()),
        _ => {
            let only = one_of();
            return Err(Text::new(
                format!("{}；`set` 和 `unset` 与 `base` 一起使用", only.zh),
                format!("{}; `set` and `unset` go with `base`", only.en),
            ));
        }
    };
    if let Some(set) = &case.set {
        let parsed = parse_json(set.as_bytes(), crate::validate::MAX_SUBMISSION_BYTES, crate::validate::MAX_DEPTH)
            .map_err(|e| {
                let why = crate::validate::json_failure(e).message;
                Text::new(format!("`set`：{}", why.zh), format!("`set`: {}", why.en))
            })?;
        if let Some(pointer) = parsed.duplicate_keys.first() {
            let path = crate::input::pointer_to_dotted(pointer);
            return Err(Text::new(
                format!("`set` 两次给出 {path}：应取哪个值？"),
                format!("`set` gives {path} twice: which value is meant?"),
            ));
        }
        let Input::Object(pairs) = parsed.value else {
            return Err(Text::new(
                "`set` 须为“点分路径 → 值”的 JSON 对象",
                "`set` must be a JSON object of dotted path → value",
            ));
        };
        for (path, value) in pairs {
            if let Some(leaf) = value_on_the_way(&input, &path) {
                return Err(Text::new(
                    format!("`set` {path}：{leaf} 是一个值而不是一组，其下不能再放内容"),
                    format!("`set` {path}: {leaf} holds a value, not a group, so nothing can go below it"),
                ));
            }
            input.set(&path, Some(value));
        }
    }
    for path in &case.unset {
        if !has_path(&input, path) {
            return Err(Text::new(
                format!("`unset` {path}：提交内容中此处没有可删除的内容"),
                format!("`unset` {path}: the submission has nothing there to remove"),
            ));
        }
        input.set(path, None);
    }
    Ok(Submission::Tree(input))
}

/// The dotted path of the first value (not a group) that `path` would go through, which
/// [`Input::set`] would leave as it is: a typo, or a field given as a group.
fn value_on_the_way(input: &Input, path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('.').collect();
    let mut node = input;
    for (i, seg) in segments.iter().enumerate().take(segments.len().saturating_sub(1)) {
        let Input::Object(_) = node else { return segments.get(..i).map(|s| s.join(".")) };
        match node.get(seg) {
            Some(next) => node = next,
            None => return None,
        }
    }
    match node {
        Input::Object(_) => None,
        _ => segments.get(..segments.len().saturating_sub(1)).map(|s| s.join(".")),
    }
}

/// Whether the tree holds something at a dotted path.
fn has_path(input: &Input, path: &str) -> bool {
    path.split('.').try_fold(input, |node, seg| node.get(seg)).is_some()
}
