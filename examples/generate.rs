//! (Re)writes the example submissions in `examples/收件箱/`: one quarter's
//! applications from two streets of 城关区, as an office would receive them.
//!
//!     cargo run --example generate
//!
//! Most are written as .xlsx. One village arrives as .xls and one community as
//! .ods; those two are written as .xlsx to a scratch folder and converted by
//! LibreOffice when it is installed (`libreoffice` or `soffice` on the PATH).
//! Without it the committed .xls and .ods files are left as they are.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use wuyi_core::ledger::contract::SheetKey;
use wuyi_testkit::{Community, Info, Style};

/// How the workbook reaches the office.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Delivered {
    Xlsx,
    /// Saved by other software as .xls or .ods.
    Converted(&'static str),
}

struct Example {
    town: &'static str,
    community: Community,
    style: Style,
    delivered: Delivered,
}

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, m, d).expect("a valid date")
}

fn info(
    name: &str,
    kind: &str,
    town: &str,
    assessed_on: NaiveDate,
    contact: &str,
    phone: &str,
) -> Info {
    Info {
        name: name.to_string(),
        kind: kind.to_string(),
        district: "城关区".to_string(),
        town: town.to_string(),
        assessed_on,
        contact: contact.to_string(),
        phone: phone.to_string(),
    }
}

fn examples() -> Vec<Example> {
    let mut list = Vec::new();
    let dong = "东关街道";
    let xi = "西城街道";

    // A well-kept compound: clean ledgers, nothing to find.
    list.push(Example {
        town: dong,
        community: Community::generate(
            101,
            info(
                "幸福里小区",
                "小区",
                dong,
                date(3, 28),
                "王芳",
                "13893120101",
            ),
            96,
        ),
        style: Style::default(),
        delivered: Delivered::Xlsx,
    });

    // A large community whose ledgers were typed by hand: title rows,
    // shuffled and decorated headers, text numbers and dates, a totals row.
    list.push(Example {
        town: dong,
        community: Community::generate(
            102,
            info(
                "东关社区",
                "社区",
                dong,
                date(3, 29),
                "李建国",
                "13993120102",
            ),
            180,
        ),
        style: Style::messy(102),
        delivered: Delivered::Xlsx,
    });

    // A village that still works in old Excel and sends .xls.
    list.push(Example {
        town: dong,
        community: Community::generate(
            103,
            info("柳湾村", "村", dong, date(3, 27), "马志强", "13519320103"),
            72,
        ),
        style: Style {
            title_rows: true,
            seed: 103,
            ..Style::default()
        },
        delivered: Delivered::Converted("xls"),
    });

    // A compound with a confirmed case and its close contacts within the
    // last 14 days: vetoed by the zero-case window.
    let mut jinxiu = Community::generate(
        104,
        info(
            "锦绣花园小区",
            "小区",
            dong,
            date(3, 30),
            "赵海燕",
            "13609310104",
        ),
        110,
    );
    jinxiu.add_case(9, "确诊病例", 17, "3月21日集中隔离点转运，定点医院治疗中");
    jinxiu.add_case(8, "密接", 17, "同住家属，集中隔离");
    jinxiu.add_case(8, "密接", 18, "邻居，集中隔离");
    jinxiu.add_case(7, "次密接", 30, "居家隔离");
    list.push(Example {
        town: dong,
        community: jinxiu,
        style: Style {
            title_rows: true,
            decorated_headers: true,
            seed: 104,
            ..Style::default()
        },
        delivered: Delivered::Xlsx,
    });

    // A community exported from a system with English sheet names.
    list.push(Example {
        town: xi,
        community: Community::generate(
            201,
            info("和平社区", "社区", xi, date(3, 30), "陈静", "13709310201"),
            150,
        ),
        style: Style {
            english: true,
            shuffle_columns: true,
            seed: 201,
            ..Style::default()
        },
        delivered: Delivered::Xlsx,
    });

    // A natural village with thin ledgers: grids of 35–60 households, many
    // households without a grid or a test count, tests short of residents,
    // no disinfection log, a modest self-assessment.
    let mut yang = Community::generate_with_grids(
        202,
        info(
            "杨家庄自然村",
            "自然村",
            xi,
            date(3, 25),
            "杨勇",
            "15109310202",
        ),
        85,
        (35, 60),
    );
    yang.blank_households("grid_id", 0.4, 2021);
    yang.blank_households("tested", 0.5, 2022);
    yang.blank_households("vaccinated", 0.3, 2023);
    for (i, h) in yang.households.iter_mut().enumerate() {
        if i % 3 == 0 {
            h.tested = (h.residents - 1).max(0);
        }
    }
    yang.drop_sheet(SheetKey::Disinfection);
    yang.disinfection.clear();
    for (i, item) in yang.self_items.iter_mut().enumerate() {
        item.self_score = Some([3.0, 2.0, 1.0, 3.0, 2.0][i % 5]);
        item.evidence = String::new();
    }
    list.push(Example {
        town: xi,
        community: yang,
        style: Style {
            text_dates: true,
            mixed_yes_no: true,
            seed: 202,
            ..Style::default()
        },
        delivered: Delivered::Xlsx,
    });

    // A compound that left out its case log: it cannot be assessed.
    let mut kangle = Community::generate(
        203,
        info("康乐小区", "小区", xi, date(3, 31), "孙丽", "18909310203"),
        64,
    );
    kangle.drop_sheet(SheetKey::Cases);
    kangle.cases.clear();
    list.push(Example {
        town: xi,
        community: kangle,
        style: Style::default(),
        delivered: Delivered::Xlsx,
    });

    // A community whose ledgers were kept in WPS / LibreOffice and sent as
    // .ods, with the usual hand-typed mess.
    list.push(Example {
        town: xi,
        community: Community::generate(
            204,
            info("西城社区", "社区", xi, date(3, 29), "周明", "13309310204"),
            120,
        ),
        style: Style {
            title_rows: true,
            decorated_headers: true,
            blank_rows: true,
            totals_row: true,
            text_numbers: true,
            mixed_yes_no: true,
            seed: 204,
            ..Style::default()
        },
        delivered: Delivered::Converted("ods"),
    });

    list
}

/// The LibreOffice command on this machine, if any.
fn libreoffice() -> Option<&'static str> {
    ["libreoffice", "soffice"].into_iter().find(|cmd| {
        Command::new(cmd)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn convert(cmd: &str, src: &Path, to: &str, out_dir: &Path, scratch: &Path) -> bool {
    let profile = scratch.join("lo-profile");
    let status = Command::new(cmd)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(out_dir)
        .arg(src)
        .status();
    status.is_ok_and(|s| s.success())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/收件箱");
    let scratch = tempfile::tempdir()?;
    let lo = libreoffice();
    for ex in examples() {
        let stem = format!("{}-{}", ex.town, ex.community.info.name);
        match ex.delivered {
            Delivered::Xlsx => {
                let path = out_dir.join(format!("{stem}.xlsx"));
                ex.community.write(&path, &ex.style)?;
                println!("wrote {}", path.display());
            }
            Delivered::Converted(ext) => {
                let target = out_dir.join(format!("{stem}.{ext}"));
                let Some(cmd) = lo else {
                    println!(
                        "kept {} (LibreOffice is not installed to rewrite it)",
                        target.display()
                    );
                    continue;
                };
                let src = scratch.path().join(format!("{stem}.xlsx"));
                ex.community.write(&src, &ex.style)?;
                if convert(cmd, &src, ext, &out_dir, scratch.path()) && target.exists() {
                    println!("wrote {} (converted by LibreOffice)", target.display());
                } else {
                    return Err(format!("LibreOffice could not convert {}", src.display()).into());
                }
            }
        }
    }
    Ok(())
}
