//! `zonescore migrate`: a format 1 rule file rewritten as format 2, to standard output, to
//! a file, or in place (the original kept beside it as `*.v1.toml`).

use crate::lang::Lang;
use crate::out::{self, Exit};
use std::path::Path;

/// Where the migrated rules go.
pub struct Options {
    pub file: String,
    pub output: Option<String>,
    pub in_place: bool,
    pub lang: Lang,
}

pub fn run(o: &Options) -> Exit {
    let path = Path::new(&o.file);
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            let why = zonescore::io_reason(&e);
            out::error_in(&format!("无法读取 {}：{}", o.file, why.zh), &format!("cannot read {}: {}", o.file, why.en));
            return Exit::Usage;
        }
    };
    let migrated = match zonescore::migrate::migrate_text(&text, None, &o.file) {
        Ok(m) => m,
        Err(e) => {
            crate::rules::report_error(&e, o.lang);
            return Exit::Usage;
        }
    };
    // A format 2 file goes through as it is (to standard output or `-o`), so that a script
    // migrating a folder of mixed files loses none; in place there is nothing to do.
    let note = |done_zh: &str, done_en: &str| {
        out::eprint(o.lang.pick(
            &format!("{} 已是规则格式 2，无需迁移{done_zh}\n", o.file),
            &format!("{} is already in rule format 2; nothing to migrate{done_en}\n", o.file),
        ));
    };
    if !migrated.changed && o.in_place {
        note("，文件未改动", ", and the file is left as it is");
        return Exit::Ok;
    }
    let target = match (&o.output, o.in_place) {
        (Some(out), _) => {
            // Without --in-place there is no backup: the original would be lost.
            if crate::inputs::same_file(Path::new(out), path) {
                out::error_in(
                    &format!("{out}：输出文件就是要迁移的规则文件，写入会覆盖它且不留备份：请用 `--in-place`（原文件保留为 *.v1.*）"),
                    &format!("{out}: the output file is the rule file being migrated, and writing it would overwrite it with no backup: use `--in-place` (which keeps the original as *.v1.*)"),
                );
                return Exit::Usage;
            }
            Some(out.clone())
        }
        (None, true) => {
            let kept =
                path.with_extension(format!("v1.{}", path.extension().and_then(|e| e.to_str()).unwrap_or("toml")));
            // An earlier backup may be the only copy of an older original.
            if std::fs::symlink_metadata(&kept).is_ok() {
                let k = kept.display();
                out::error_in(
                    &format!("{k}：备份文件已存在，迁移会覆盖它：请先把它移走或改名"),
                    &format!("{k}: the backup file exists and migrating would overwrite it: move or rename it first"),
                );
                return Exit::Usage;
            }
            if let Err(e) = std::fs::copy(path, &kept) {
                let why = zonescore::io_reason(&e);
                out::error_in(&format!("无法保留原文件：{}", why.zh), &format!("cannot keep the original: {}", why.en));
                return Exit::Usage;
            }
            Some(o.file.clone())
        }
        (None, false) => None,
    };
    match target {
        None if !migrated.changed => {
            out::print(&text);
            note("，原样输出", ", printed as it is");
        }
        None => out::print(&migrated.text),
        Some(t) => {
            if let Err(e) = std::fs::write(&t, if migrated.changed { &migrated.text } else { &text }) {
                let why = zonescore::io_reason(&e);
                out::error_in(&format!("无法写入 {t}：{}", why.zh), &format!("cannot write {t}: {}", why.en));
                return Exit::Usage;
            }
            if migrated.changed {
                out::eprint(o.lang.pick(
                    &format!("已将 {} 迁移为规则格式 2：{t}\n", o.file),
                    &format!("migrated {} to rule format 2: {t}\n", o.file),
                ));
            } else {
                note(&format!("，原样写入 {t}"), &format!(", written to {t} as it is"));
            }
        }
    }
    Exit::Ok
}
