//! Usage errors worded in the user's language: Chinese by default, English
//! with `--lang en`, exit status 2 either way.

use crate::util::wuyi_cmd;

fn wuyi(args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let o = wuyi_cmd()
        .args(args)
        .current_dir(dir.path())
        .output()
        .unwrap();
    (
        o.status.code().unwrap(),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

#[test]
fn usage_errors_in_chinese_by_default() {
    let cases: [(&[&str], &[&str]); 5] = [
        (
            &["score", "--bogus", "in"],
            &["错误：无法识别的参数 '--bogus'", "用法：wuyi score"],
        ),
        (
            &["template", "--out"],
            &["错误：参数 '--out <FILE.xlsx>' 需要一个值，但没有给出"],
        ),
        (
            &["check", "--format", "xx", "."],
            &[
                "错误：参数 '--format <FORMAT>' 的值 'xx' 无效",
                "可选值：table、json、csv",
            ],
        ),
        (
            &["template"],
            &["错误：缺少以下必需的参数", "--out <FILE.xlsx>"],
        ),
        (
            &["scor", "x"],
            &["无法识别的子命令 'scor'", "是否想用 'score'"],
        ),
    ];
    for (args, wants) in cases {
        let (code, stdout, stderr) = wuyi(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        for want in wants {
            assert!(stderr.contains(want), "{args:?}: {stderr}");
        }
        assert!(stderr.contains("更多信息请运行 '--help'"), "{stderr}");
        assert!(!stderr.contains("error:"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Usage:"), "{args:?}: {stderr}");
    }
}

#[test]
fn usage_errors_in_english_with_lang_en() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["--lang", "en", "score", "--bogus", "in"],
            "unexpected argument '--bogus'",
        ),
        (
            &["score", "--lang=en", "--bogus", "in"],
            "unexpected argument '--bogus'",
        ),
        (
            &["--lang", "en", "template", "--out"],
            "a value is required for '--out",
        ),
        (
            &["--lang", "en", "check", "--format", "xx", "."],
            "invalid value 'xx' for '--format",
        ),
    ];
    for (args, want) in cases {
        let (code, _, stderr) = wuyi(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(want), "{args:?}: {stderr}");
        assert!(!stderr.contains("错误"), "{args:?}: {stderr}");
    }
}

#[test]
fn help_still_goes_to_stdout_and_ends_well() {
    let (code, stdout, stderr) = wuyi(&["template", "--help"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("模板保存位置"), "{stdout}");
    // clap's English headings carry their Chinese, on every subcommand.
    for args in [&["--help"][..], &["template", "--help"], &["score", "-h"]] {
        let (code, stdout, stderr) = wuyi(args);
        assert_eq!(code, 0, "{stderr}");
        for want in [
            "用法 / Usage: wuyi",
            "选项 / Options:",
            "-h, --help",
            "显示帮助",
        ] {
            assert!(stdout.contains(want), "{args:?}: {stdout}");
        }
        assert!(!stdout.lines().any(|l| l.starts_with("Usage:")), "{stdout}");
        assert!(
            !stdout
                .lines()
                .any(|l| l.trim_start().starts_with("Print help")),
            "{stdout}"
        );
    }
    let (_, top, _) = wuyi(&["--help"]);
    assert!(top.contains("命令 / Commands:"), "{top}");
    let (code, version, _) = wuyi(&["-V"]);
    assert_eq!(code, 0);
    assert!(version.starts_with("wuyi "), "{version}");
}
