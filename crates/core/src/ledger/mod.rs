//! From a submitted workbook to a ledger: the sheets of the contract found by
//! name, read tolerantly, and every problem recorded with its cell.
//!
//! Reading never fails: a file that cannot be opened becomes a ledger with no
//! sheets and one problem saying why, so every input gets a verdict.

pub mod contract;
pub mod info;
pub mod rowshape;
pub mod sheets;
pub mod table;
pub mod validate;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use contract::{Aliases, SheetKey, SheetSpec};
pub use info::Info;
pub use table::{CompactString, Record, RowNotes, Table, Value};

use crate::problem::{Problem, ProblemKind, Severity, Tally};
use wuyi_sheets::{self as workbook, Format, OpenError, ReadLimits, Workbook};

/// One community's application as read from its workbook.
#[derive(Debug, Clone)]
pub struct Ledger {
    /// The file the ledger was read from.
    pub path: PathBuf,
    /// The spreadsheet format the file was opened as; `None` when it could not be opened.
    pub format: Option<Format>,
    /// Who is applying, as read from 基本信息 (every field empty when that sheet is missing).
    pub info: Info,
    /// 网格台账, the grid ledger; `None` when no sheet of the workbook was read as it.
    pub grids: Option<Table>,
    /// 一户一档, the household ledger; `None` when no sheet of the workbook was read as it.
    pub households: Option<Table>,
    /// 涉疫台账, the case log the zero-case gate reads; `None` when no sheet of the workbook was read
    /// as it.
    pub cases: Option<Table>,
    /// 消杀记录, the disinfection log; `None` when no sheet of the workbook was read as it.
    pub disinfection: Option<Table>,
    /// 自评表, the community's own scores per rubric item; `None` when no sheet of the workbook was
    /// read as it.
    pub self_assessment: Option<Table>,
    /// Everything found wrong or worth a note while reading the file, each with its sheet and cell
    /// where it has one.
    pub problems: Vec<Problem>,
}

impl Ledger {
    fn empty(path: &Path) -> Self {
        Ledger {
            path: path.to_path_buf(),
            format: None,
            info: Info::default(),
            grids: None,
            households: None,
            cases: None,
            disinfection: None,
            self_assessment: None,
            problems: Vec::new(),
        }
    }

    /// The table read for a contract sheet, if any; always `None` for [`SheetKey::Info`], which is
    /// not a table (see [`Ledger::info`]).
    pub fn table(&self, key: SheetKey) -> Option<&Table> {
        match key {
            SheetKey::Info => None,
            SheetKey::Grids => self.grids.as_ref(),
            SheetKey::Households => self.households.as_ref(),
            SheetKey::Cases => self.cases.as_ref(),
            SheetKey::Disinfection => self.disinfection.as_ref(),
            SheetKey::SelfAssessment => self.self_assessment.as_ref(),
        }
    }

    fn slot(&mut self, key: SheetKey) -> Option<&mut Option<Table>> {
        match key {
            SheetKey::Info => None,
            SheetKey::Grids => Some(&mut self.grids),
            SheetKey::Households => Some(&mut self.households),
            SheetKey::Cases => Some(&mut self.cases),
            SheetKey::Disinfection => Some(&mut self.disinfection),
            SheetKey::SelfAssessment => Some(&mut self.self_assessment),
        }
    }

    /// How many errors, warnings and notes reading the file recorded.
    pub fn tally(&self) -> Tally {
        Tally::of(&self.problems)
    }

    /// Whether any problem recorded while reading is an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// The name to show: the stated name, else the file name.
    pub fn display_name(&self) -> String {
        self.info.name.clone().unwrap_or_else(|| {
            self.path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
    }
}

/// Reads a workbook file into a ledger, streaming each contract sheet from
/// the file rather than holding the whole workbook in memory, within the
/// default limits.
pub fn read(path: &Path) -> Ledger {
    read_with(path, &ReadLimits::default())
}

/// [`read`] within the given limits: a file over any of them becomes an
/// unreadable file whose problem names the limit.
pub fn read_with(path: &Path, limits: &ReadLimits) -> Ledger {
    read_as(path, limits, &Arc::default())
}

/// [`read_with`], with the names a county added to the contract (a
/// rubric's or contract file's `[aliases]`, see
/// [`contract::AliasSpec::resolve`]).
pub fn read_as(path: &Path, limits: &ReadLimits, aliases: &Arc<Aliases>) -> Ledger {
    let opened = workbook::OpenOptions::new()
        .limits(limits)
        .open(path)
        .and_then(|mut wb| from_source(path, &mut wb, aliases));
    match opened {
        Ok(l) => l,
        Err(e) => unreadable(path, &e),
    }
}

/// A ledger from a workbook's sheets, wherever they are read.
pub fn from_source(
    path: &Path,
    wb: &mut dyn workbook::SheetSource,
    aliases: &Arc<Aliases>,
) -> Result<Ledger, OpenError> {
    let mut ledger = Ledger::empty(path);
    ledger.format = Some(wb.format());
    let ctx = table::ReadContext {
        is_1904: wb.is_1904(),
        aliases: aliases.clone(),
    };
    let names = wb.sheet_names().to_vec();
    let mut problems = Vec::new();
    let placement = sheets::place_in(&names, aliases, &mut problems);

    match placement.get(SheetKey::Info).first() {
        Some(name) => {
            let mut builder = workbook::SheetBuilder::default();
            wb.read_sheet(name, &mut builder)?;
            let sheet = builder.finish(name.clone());
            ledger.info = info::read_info(&sheet, wb.is_1904(), aliases, &mut problems);
        }
        None => problems.push(sheets::missing(&contract::INFO_SHEET, &names, &placement)),
    }
    for spec in contract::TABLE_SHEETS {
        let mut parts = Vec::new();
        for name in placement.get(spec.key) {
            let mut sink = table::TableSink::new(name, spec, ctx.clone());
            wb.read_sheet(name, &mut sink)?;
            let t = match sink.finish(&mut problems) {
                Some(t) => t,
                None => {
                    let mut builder = workbook::SheetBuilder::default();
                    wb.read_sheet(name, &mut builder)?;
                    table::read_table(&builder.finish(name.clone()), spec, &ctx, &mut problems)
                }
            };
            parts.push(t);
        }
        let table = Table::union(parts);
        place(&mut ledger, spec, table, &names, &placement, &mut problems);
    }
    cross_check(&ledger, &mut problems);
    ledger.problems = problems;
    Ok(ledger)
}

/// Files a table sheet's result in the ledger, with the problems of a sheet
/// that is missing or holds no data.
fn place(
    ledger: &mut Ledger,
    spec: &SheetSpec,
    table: Option<Table>,
    names: &[String],
    placement: &sheets::Placement,
    problems: &mut Vec<Problem>,
) {
    match table {
        Some(t) => {
            if spec.key != SheetKey::Cases
                && spec.required
                && t.rows.is_empty()
                && t.columns.iter().any(Option::is_some)
            {
                problems.push(Problem::warning(ProblemKind::NoDataRows).on_sheet(&t.sheet));
            }
            if let Some(slot) = ledger.slot(spec.key) {
                *slot = Some(t);
            }
        }
        None => problems.push(sheets::missing(spec, names, placement)),
    }
}

/// A ledger for a file that could not be opened.
pub fn unreadable(path: &Path, e: &OpenError) -> Ledger {
    let mut ledger = Ledger::empty(path);
    ledger
        .problems
        .push(Problem::error(ProblemKind::Unreadable { error: e.clone() }));
    ledger
}

/// Reads the contract's sheets out of an opened workbook.
pub fn from_workbook(path: &Path, wb: &Workbook) -> Ledger {
    from_workbook_as(path, wb, &Arc::default())
}

/// [`from_workbook`], with the names a county added to the contract.
pub fn from_workbook_as(path: &Path, wb: &Workbook, aliases: &Arc<Aliases>) -> Ledger {
    let mut ledger = Ledger::empty(path);
    ledger.format = Some(wb.format);
    let ctx = table::ReadContext {
        is_1904: wb.is_1904,
        aliases: aliases.clone(),
    };
    let names: Vec<String> = wb.sheets.iter().map(|s| s.name.clone()).collect();
    let mut problems = Vec::new();
    let placement = sheets::place_in(&names, aliases, &mut problems);
    let find = |name: &String| wb.sheets.iter().find(|s| &s.name == name);

    match placement.get(SheetKey::Info).first().and_then(find) {
        Some(sheet) => ledger.info = info::read_info(sheet, wb.is_1904, aliases, &mut problems),
        None => problems.push(sheets::missing(&contract::INFO_SHEET, &names, &placement)),
    }
    for spec in contract::TABLE_SHEETS {
        let parts: Vec<Table> = placement
            .get(spec.key)
            .iter()
            .filter_map(find)
            .map(|sheet| table::read_table(sheet, spec, &ctx, &mut problems))
            .collect();
        let table = Table::union(parts);
        place(&mut ledger, spec, table, &names, &placement, &mut problems);
    }
    cross_check(&ledger, &mut problems);
    ledger.problems = problems;
    ledger
}

fn cross_check(ledger: &Ledger, problems: &mut Vec<Problem>) {
    for t in [&ledger.grids, &ledger.households, &ledger.self_assessment]
        .into_iter()
        .flatten()
    {
        validate::unique_keys(t, problems);
    }
    if let Some(g) = &ledger.grids {
        validate::parent_grids_known(g, problems);
    }
    if let (Some(h), Some(g)) = (&ledger.households, &ledger.grids) {
        validate::households_in_known_grids(h, g, problems);
    }
    if let Some(h) = &ledger.households {
        validate::counts_within_residents(h, problems);
    }
    if let (Some(c), Some(h)) = (&ledger.cases, &ledger.households)
        && h.has_column(h.idx("household_id"))
    {
        validate::cases_in_known_households(c, h, problems);
    }
    if let (Some(c), Some(d)) = (&ledger.cases, ledger.info.assessed_on) {
        validate::not_after(c, d, problems);
    }
    if let Some(sa) = &ledger.self_assessment {
        validate::scores_within_max(sa, problems);
    }
}

/// Reads a workbook with any panic inside the readers caught, so one
/// pathological file cannot stop a batch: it becomes an unreadable file.
pub fn read_guarded(path: &Path) -> Ledger {
    read_guarded_with(path, &ReadLimits::default())
}

/// [`read_guarded`] within the given limits, and with a hard stop: the
/// file is read on a reader thread with a watchdog
/// ([`workbook::guard::run`]).
pub fn read_guarded_with(path: &Path, limits: &ReadLimits) -> Ledger {
    read_guarded_as(path, limits, &Arc::default())
}

/// [`read_guarded_with`], with the names a county added to the contract
/// (a rubric's or contract file's `[aliases]`): each call reads with the
/// names it is given, so two contracts in one process never mix.
pub fn read_guarded_as(path: &Path, limits: &ReadLimits, aliases: &Arc<Aliases>) -> Ledger {
    let (p, l, a) = (path.to_path_buf(), limits.clone(), aliases.clone());
    match workbook::guard::run(limits.max_time, move || read_as(&p, &l, &a)) {
        Ok(ledger) => ledger,
        Err(e) => unreadable(path, &e),
    }
}

/// How a batch reads each file into a ledger: in this process
/// ([`InProcess`]), or somewhere the caller provides (the command-line
/// tool reads in worker processes, so that nothing a file does to its
/// reader can stop the batch).
pub trait FileReader: Sync {
    /// Reads `path` within `limits`, with the names a county added to the
    /// contract; never fails: a file that cannot be read becomes a ledger
    /// saying why.
    fn read(&self, path: &Path, limits: &ReadLimits, aliases: &Arc<Aliases>) -> Ledger;
}

/// Reading in this process, guarded ([`read_guarded_as`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct InProcess;

impl FileReader for InProcess {
    fn read(&self, path: &Path, limits: &ReadLimits, aliases: &Arc<Aliases>) -> Ledger {
        read_guarded_as(path, limits, aliases)
    }
}
