//! Command-line usage errors in the user's language. clap words its own
//! errors in English; for Chinese (the default) the common kinds — an
//! unknown argument or subcommand, a missing value, a value not among the
//! choices, a required argument left out — are worded here from the error's
//! context. Other kinds keep clap's wording.

use clap::error::{ContextKind, ContextValue, Error, ErrorKind};

use wuyi_report::i18n::Lang;

/// The language asked for on the raw command line (`--lang en`,
/// `--lang=en`), read before clap has parsed it; Chinese otherwise.
pub fn lang_of(args: &[std::ffi::OsString]) -> Lang {
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let value = match a.strip_prefix("--lang") {
            Some("") => it.next().map(|v| v.to_string()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(v) = value {
            return if v.eq_ignore_ascii_case("en") {
                Lang::En
            } else {
                Lang::Zh
            };
        }
    }
    Lang::Zh
}

fn text(e: &Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        _ => None,
    }
}

fn list(e: &Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// The error worded in Chinese, or `None` for a kind left to clap.
pub fn chinese(e: &Error) -> Option<String> {
    let arg = text(e, ContextKind::InvalidArg).unwrap_or_default();
    let mut out = match e.kind() {
        ErrorKind::UnknownArgument => {
            let mut s = format!("错误：无法识别的参数 '{arg}'\n");
            for tip in list(e, ContextKind::SuggestedArg) {
                s.push_str(&format!("\n  提示：是否想用 '{tip}'？\n"));
            }
            s
        }
        ErrorKind::InvalidSubcommand => {
            let sub = text(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            let mut s = format!("错误：无法识别的子命令 '{sub}'\n");
            for tip in list(e, ContextKind::SuggestedSubcommand) {
                s.push_str(&format!("\n  提示：是否想用 '{tip}'？\n"));
            }
            s
        }
        ErrorKind::InvalidValue => {
            let value = text(e, ContextKind::InvalidValue).unwrap_or_default();
            let mut s = if value.is_empty() {
                format!("错误：参数 '{arg}' 需要一个值，但没有给出\n")
            } else {
                format!("错误：参数 '{arg}' 的值 '{value}' 无效\n")
            };
            let valid = list(e, ContextKind::ValidValue);
            if !valid.is_empty() {
                s.push_str(&format!("  [可选值：{}]\n", valid.join("、")));
            }
            s
        }
        ErrorKind::MissingRequiredArgument => {
            let mut s = "错误：缺少以下必需的参数：\n".to_string();
            for a in list(e, ContextKind::InvalidArg) {
                s.push_str(&format!("  {a}\n"));
            }
            s
        }
        _ => return None,
    };
    if let Some(usage) = text(e, ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        out.push_str(&format!("\n用法：{usage}\n"));
    }
    out.push_str("\n更多信息请运行 '--help'。\n");
    Some(out)
}

/// Prints a usage error in `lang`; help and version go to standard output
/// (help with clap's own words in `lang`, see [`help_words`]).
pub fn print(e: &Error, lang: Lang) {
    if lang == Lang::Zh
        && e.use_stderr()
        && let Some(msg) = chinese(e)
    {
        eprint!("{msg}");
        return;
    }
    if lang == Lang::Zh
        && matches!(
            e.kind(),
            ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        )
    {
        // Styled as clap styles it; the styles are dropped where standard
        // output is not a terminal (or `NO_COLOR` is set).
        let help = help_words(&e.render().ansi().to_string(), lang);
        use std::io::Write;
        let mut out = anstream::stdout();
        let _ = out.write_all(help.as_bytes()).and_then(|()| out.flush());
        return;
    }
    let _ = e.print();
}

/// The words clap writes into help itself — "Possible values:",
/// "[default: …]", "[possible values: …]", "[env: …]" — in `lang` (clap's
/// own English for `Lang::En`). The values are left as they are: they are
/// what is typed.
pub fn help_words(help: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return help.to_string();
    }
    help.replace("Possible values:", "可选值：")
        .replace("[default: ", "[默认值：")
        .replace("[possible values: ", "[可选值：")
        .replace("[env: ", "[环境变量：")
}

/// Help in Chinese: the headings clap writes in English ("Usage:",
/// "Commands:", "Arguments:", "Options:") and its help and version flags,
/// on the program and every subcommand.
pub fn localized(cmd: clap::Command) -> clap::Command {
    use clap::{Arg, ArgAction};
    let cmd = cmd.disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("显示版本 / Print version"),
    );
    fn walk(cmd: clap::Command) -> clap::Command {
        cmd.help_template(
            "{before-help}{about-with-newline}\n用法 / Usage: {usage}\n\n{all-args}{after-help}",
        )
        .subcommand_help_heading("命令 / Commands")
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助 / Print help"),
        )
        .mut_args(|a| {
            if a.get_help_heading().is_some() {
                a
            } else if a.is_positional() {
                a.help_heading("参数 / Arguments")
            } else {
                a.help_heading("选项 / Options")
            }
        })
        .mut_subcommands(walk)
    }
    walk(cmd)
}
