//! Why a file could not be read ([`OpenError`], [`XmlRefusal`]) and what a
//! file turned out to be ([`FileKind`]), in either language.

use crate::i18n::Lang;
use wuyi_sheets::spreadsheetml::XmlRefusal;
use wuyi_sheets::{Declared, FileKind, OpenError, mb};

/// The pair for `lang`: each arm below writes the Chinese and the English
/// side by side.
fn pick(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Why the file could not be read, as one sentence.
pub fn open_error(e: &OpenError, lang: Lang) -> String {
    match e {
        OpenError::Io(e) => pick(
            lang,
            format!("无法打开文件：{e}"),
            format!("cannot open the file: {e}"),
        ),
        OpenError::Directory => lang
            .pick("这是一个文件夹，不是文件", "this is a folder, not a file")
            .into(),
        OpenError::NotAFile => lang
            .pick(
                "这不是普通文件，而是设备、管道或套接字",
                "this is not an ordinary file but a device, pipe or socket",
            )
            .into(),
        OpenError::Empty => lang
            .pick("文件是空的（0 字节）", "the file is empty (0 bytes)")
            .into(),
        OpenError::Encrypted => lang
            .pick(
                "文件设有密码保护，请去除密码后重新提交",
                "the file is password-protected; remove the password and resubmit",
            )
            .into(),
        OpenError::NotAWorkbook(kind) => pick(
            lang,
            format!(
                "这不是电子表格，而是{}{}",
                file_kind(*kind, Lang::Zh),
                advice(*kind, Lang::Zh)
            ),
            format!(
                "this is not a spreadsheet but {}{}",
                file_kind(*kind, Lang::En),
                advice(*kind, Lang::En)
            ),
        ),
        OpenError::Corrupt(detail) => pick(
            lang,
            format!("工作簿已损坏：{detail}"),
            format!("the workbook is damaged: {detail}"),
        ),
        OpenError::TooLarge { size, limit } => pick(
            lang,
            format!(
                "文件大小 {} MB，超过单个文件 {} MB 的上限（可用 --max-file-mb 调高）",
                mb(*size),
                mb(*limit)
            ),
            format!(
                "the file is {} MB, over the {} MB limit for one file (raise it with --max-file-mb)",
                mb(*size),
                mb(*limit)
            ),
        ),
        OpenError::TooLargeUnpacked { part, size, limit } => pick(
            lang,
            format!(
                "{}解压后将达 {} MB，超过 {} MB 的上限（可用 --max-unpacked-mb 调高），未解压即拒收",
                part.as_deref()
                    .map(|p| format!("其中的“{p}”"))
                    .unwrap_or_else(|| "工作簿".into()),
                mb(*size),
                mb(*limit)
            ),
            format!(
                "{} would unpack to {} MB, over the {} MB limit (raise it with --max-unpacked-mb); refused before unpacking",
                part.as_deref()
                    .map(|p| format!("its part \"{p}\""))
                    .unwrap_or_else(|| "the workbook".into()),
                mb(*size),
                mb(*limit)
            ),
        ),
        OpenError::Ratio { part, ratio, limit } => pick(
            lang,
            format!(
                "其中的“{part}”压缩比为 {ratio}:1，超过 {limit}:1 的上限，疑似“压缩炸弹”（可用 --max-ratio 调高），未解压即拒收"
            ),
            format!(
                "its part \"{part}\" is compressed {ratio} to 1, over the limit of {limit} to 1, as a zip bomb is (raise it with --max-ratio); refused before unpacking"
            ),
        ),
        OpenError::ReaderFailed => lang
            .pick(
                "工作簿已损坏，读取程序无法处理",
                "the workbook is damaged in a way the reader could not handle",
            )
            .into(),
        OpenError::TooManyParts { parts } => pick(
            lang,
            format!("压缩包内有 {parts} 个部件，正常工作簿只有几十个"),
            format!("the archive holds {parts} parts; a workbook holds a few dozen"),
        ),
        OpenError::OverMemory { limit, .. } => pick(
            lang,
            format!(
                "读取所需内存超过单个文件 {} MB 的预算（可用 --max-memory-mb 调高）",
                mb(*limit)
            ),
            format!(
                "reading it would take more memory than the {} MB budget for one file (raise it with --max-memory-mb)",
                mb(*limit)
            ),
        ),
        OpenError::FalseCount {
            what,
            declared,
            most,
        } => pick(
            lang,
            format!(
                "{}为 {declared}，而按其大小最多只能有 {most}：这个数字是假的，会让读取程序预留相应内存，文件未读取（工作簿已损坏或被改动过）",
                declared_count(*what, Lang::Zh)
            ),
            format!(
                "{} is {declared}, but the file has room for at most {most}: the count is false, and the reader would reserve memory for it; the file was not read (it is damaged or was altered)",
                declared_count(*what, Lang::En)
            ),
        ),
        OpenError::WorkerDied => lang
            .pick(
                "读取此文件时读取进程异常退出（内存或格式问题），已跳过；其余文件不受影响",
                "the process reading this file ended abnormally (a memory or format problem); the file was skipped, and the other files are not affected",
            )
            .into(),
        OpenError::TimedOut { seconds } => pick(
            lang,
            format!("读取时间超过单个文件 {seconds} 秒的限制（可用 --max-seconds 调高）"),
            format!(
                "reading it took longer than the {seconds}-second budget for one file (raise it with --max-seconds)"
            ),
        ),
        OpenError::Xml(refusal) => xml_refusal(refusal, lang),
    }
}

/// Which count a file declared about itself.
pub fn declared_count(what: Declared, lang: Lang) -> &'static str {
    match what {
        Declared::SharedStrings => lang.pick(
            "其共享字符串表（sharedStrings.xml）声明的字符串个数",
            "the number of strings its shared-string table (sharedStrings.xml) declares",
        ),
        Declared::BinarySharedStrings => lang.pick(
            "其共享字符串表（sharedStrings.bin）声明的字符串个数",
            "the number of strings its shared-string table (sharedStrings.bin) declares",
        ),
    }
}

/// What a file that is not a workbook turned out to be.
pub fn file_kind(kind: FileKind, lang: Lang) -> &'static str {
    use FileKind::*;
    match kind {
        Pdf => lang.pick("PDF 文档", "a PDF document"),
        Jpeg => lang.pick("JPEG 图片", "a JPEG image"),
        Png => lang.pick("PNG 图片", "a PNG image"),
        Gif => lang.pick("GIF 图片", "a GIF image"),
        Html => lang.pick("网页（HTML）文件", "a web page (HTML)"),
        XmlSpreadsheet => lang.pick(
            "Excel 2003 XML 表格（请在 Excel 中另存为 .xlsx）",
            "an Excel 2003 XML spreadsheet (save it as .xlsx in Excel)",
        ),
        Xml => lang.pick("XML 文件", "an XML file"),
        Csv => lang.pick(
            "CSV 文本文件（请在 Excel 中另存为 .xlsx）",
            "a CSV text file (save it as .xlsx in Excel)",
        ),
        Text => lang.pick("纯文本文件", "a plain text file"),
        OtherZip => lang.pick(
            "不是表格的压缩包",
            "a zip archive that is not a spreadsheet",
        ),
        WordDocument => lang.pick("Word 文档", "a Word document"),
        Unknown => lang.pick("无法识别的文件", "an unrecognised file"),
    }
}

/// What to do with a file of this kind, where [`file_kind`] does not
/// already say.
pub fn advice(kind: FileKind, lang: Lang) -> &'static str {
    match kind {
        FileKind::Csv | FileKind::XmlSpreadsheet => "",
        _ => lang.pick(
            "，未读取；请提交台账工作簿（.xlsx）",
            ", not read; submit the ledger as a workbook (.xlsx)",
        ),
    }
}

/// Why an Excel 2003 XML file was refused, saying what a person can do.
pub fn xml_refusal(r: &XmlRefusal, lang: Lang) -> String {
    use XmlRefusal::*;
    match r {
        UnknownEncoding { label } => pick(
            lang,
            format!("Excel 2003 XML 文件声明的编码“{label}”无法识别"),
            format!("the Excel 2003 XML file declares the encoding \"{label}\", which is not known"),
        ),
        BadEncoding { label } => pick(
            lang,
            format!(
                "Excel 2003 XML 文件的内容不符合它声明的编码“{label}”（文件可能被另一种编码保存过），请在 Excel 中另存为 .xlsx"
            ),
            format!(
                "the Excel 2003 XML file's text is not valid {label}, the encoding it declares (it may have been saved in another); save it as .xlsx in Excel"
            ),
        ),
        Entity { name } => pick(
            lang,
            format!(
                "Excel 2003 XML 文件使用了自定义的 XML 实体“{name}”；表格从不如此，这类实体可被用作“XML 炸弹”，工具从不展开，未读即拒收"
            ),
            format!(
                "the Excel 2003 XML file uses a custom XML entity \"{name}\"; spreadsheets never do, such entities can make an \"XML bomb\", and the tool never expands them; refused unread"
            ),
        ),
        DtdEntities => lang
            .pick(
                "Excel 2003 XML 文件在 DTD 中声明了 XML 实体；表格从不如此，这类实体可被用作“XML 炸弹”（十亿笑），工具从不展开，未读即拒收",
                "the Excel 2003 XML file declares XML entities in a DTD; spreadsheets never do, such entities can make an \"XML bomb\" (billion laughs), and the tool never expands them; refused unread",
            )
            .into(),
        TooDeep { limit } => pick(
            lang,
            format!("Excel 2003 XML 文件的元素嵌套超过 {limit} 层；表格从不如此，拒收"),
            format!(
                "the Excel 2003 XML file nests elements more than {limit} deep; spreadsheets never do; refused"
            ),
        ),
        Truncated => lang
            .pick(
                "Excel 2003 XML 文件不完整：内容在工作簿结束前就断了（可能下载或复制时中断），请重新导出",
                "the Excel 2003 XML file is incomplete: it stops before the workbook ends (a download or copy cut short?); export it again",
            )
            .into(),
        Malformed { detail, at } => pick(
            lang,
            format!("Excel 2003 XML 文件格式有误（第 {at} 字节附近：{detail}）"),
            format!("the Excel 2003 XML file is malformed (near byte {at}: {detail})"),
        ),
        BadIndex { sheet, value } => pick(
            lang,
            format!("工作表“{sheet}”中的行号或列号“{value}”不是有效数字"),
            format!(
                "sheet \"{sheet}\" holds the row or column number \"{value}\", which is not a valid number"
            ),
        ),
        OutOfSheet { sheet, row, col } => pick(
            lang,
            format!(
                "工作表“{sheet}”中有单元格位于第 {row} 行第 {col} 列，超出了表格最大范围（1048576 行、16384 列）"
            ),
            format!(
                "sheet \"{sheet}\" places a cell at row {row}, column {col}, beyond the last row (1048576) or column (16384) a sheet has"
            ),
        ),
        OutOfOrder { sheet, cell } => pick(
            lang,
            format!(
                "工作表“{sheet}”的单元格 {cell} 排在已读到的单元格之前（ss:Index 倒退），Excel 也无法打开这样的文件"
            ),
            format!(
                "sheet \"{sheet}\" places cell {cell} before a cell already read (ss:Index going back), which Excel cannot open either"
            ),
        ),
    }
}
