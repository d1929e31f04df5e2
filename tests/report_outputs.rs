//! What the report and template commands write, read back from the files.

use std::path::Path;
use std::process::{Command, Output};

use calamine::Reader;

fn wuyi(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wuyi"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn sheet_names(path: &Path) -> Vec<String> {
    let wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    wb.sheet_names().to_vec()
}

#[test]
fn template_without_extension_is_written_as_xlsx_and_says_so() {
    let root = tempfile::tempdir().unwrap();
    let o = wuyi(&["template", "--out", "台账模板"], root.path());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(
        said.contains("已加上 .xlsx") && said.contains("台账模板.xlsx"),
        "{said}"
    );
    assert!(!root.path().join("台账模板").exists());
    let written = root.path().join("台账模板.xlsx");
    assert!(
        sheet_names(&written).len() > 1,
        "{:?}",
        sheet_names(&written)
    );

    let o = wuyi(
        &["--lang", "en", "template", "--inspections", "--out", "form"],
        root.path(),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(
        said.contains(".xlsx added") && said.contains("form.xlsx"),
        "{said}"
    );
    assert!(!sheet_names(&root.path().join("form.xlsx")).is_empty());
    assert!(!root.path().join("form").exists());

    // A name given with its extension is used as given, without the note.
    let o = wuyi(&["template", "--out", "模板.xlsx"], root.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("已加上"));
    // Another extension is refused rather than written as something else.
    let o = wuyi(&["template", "--out", "模板.xls"], root.path());
    assert_ne!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains(".xlsx"));
    assert!(!root.path().join("模板.xls").exists());
}
