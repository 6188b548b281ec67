//! A usage error (an unknown option, a bad value, a missing argument) in Chinese, ahead of
//! clap's own English text with its usage line, unless the command line asks for English.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::ffi::OsString;

/// Whether the command line asks for English (`--lang en`, `--lang=en-US`), read before clap
/// has parsed it: a usage error comes before any parsed `--lang`. Read as the system gives
/// the arguments: one that is not UTF-8 is a usage error to report, not a reason to stop.
fn english(args: &[OsString]) -> bool {
    let is_en = |lang: &std::ffi::OsStr| {
        lang.to_str().is_some_and(|l| zonescore::Lang::parse_one(l) == Ok(zonescore::Lang::En))
    };
    args.windows(2).any(|w| matches!(w, [flag, lang] if flag == "--lang" && is_en(lang)))
        || args.iter().any(|a| a.to_str().and_then(|a| a.strip_prefix("--lang=")).is_some_and(|l| is_en(l.as_ref())))
}

fn text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(format!("`{s}`")),
        ContextValue::Strings(list) if !list.is_empty() => {
            Some(list.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join("、"))
        }
        _ => None,
    }
}

/// The usage error in Chinese, or `None` for a kind it does not word (help and version are
/// no errors, and print as clap prints them).
fn chinese(e: &clap::Error) -> Option<String> {
    let arg = text(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = text(e, ContextKind::InvalidValue).unwrap_or_default();
    let no_value = matches!(e.get(ContextKind::InvalidValue), Some(ContextValue::String(v)) if v.is_empty());
    let mut said = match e.kind() {
        ErrorKind::UnknownArgument => format!("未知参数 {arg}"),
        ErrorKind::InvalidSubcommand => {
            format!("未知子命令 {}", text(e, ContextKind::InvalidSubcommand).unwrap_or_default())
        }
        ErrorKind::InvalidValue if no_value => format!("{arg} 缺少取值"),
        ErrorKind::InvalidValue => match text(e, ContextKind::ValidValue) {
            Some(valid) => format!("{arg} 的取值 {value} 无效，可选：{valid}"),
            None => format!("{arg} 的取值 {value} 无效"),
        },
        ErrorKind::ValueValidation => format!("{arg} 的取值 {value} 无效"),
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少子命令：请写出要执行的命令，如 `zonescore score 申报.json`".to_owned()
        }
        ErrorKind::ArgumentConflict => {
            format!("{arg} 不能与 {} 同时使用", text(e, ContextKind::PriorArg).unwrap_or_default())
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} 的取值个数不对")
        }
        ErrorKind::NoEquals => format!("{arg} 的取值须用 `=` 连接"),
        _ => return None,
    };
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand, ContextKind::SuggestedValue];
    if let Some(s) = suggested.into_iter().find_map(|kind| text(e, kind)) {
        said.push_str(&format!("；你是否想写 {s}？"));
    }
    Some(said)
}

/// Prints a parse failure: the Chinese line (unless English was asked for), then clap's text;
/// how the run ends: 0 for help or version written, else 2.
pub fn print(e: &clap::Error) -> crate::out::Exit {
    let args: Vec<OsString> = std::env::args_os().collect();
    if english(&args) {
        crate::lang::Lang::En.set_current();
    }
    if e.use_stderr() && !english(&args) {
        if let Some(zh) = chinese(e) {
            eprintln!("zonescore：用法错误：{zh}（详见 `zonescore --help`）");
        }
    }
    match e.print() {
        // Help or version lost on a full disk is no success (a closed pipe is: `| head`).
        Err(lost) if !e.use_stderr() && lost.kind() != std::io::ErrorKind::BrokenPipe => {
            let why = crate::inputs::io_reason(&lost);
            crate::out::error_in(&format!("无法写入标准输出：{why}"), &format!("cannot write standard output: {why}"));
            crate::out::Exit::Usage
        }
        _ if e.use_stderr() => crate::out::Exit::Usage,
        _ => crate::out::Exit::Ok,
    }
}
