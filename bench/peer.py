#!/usr/bin/env python3
"""A peer scorer, written as an office's IT person might write one in an
afternoon: read every workbook in a folder with python-calamine or openpyxl,
on one thread, and compute the default rubric's kinds of measures — filled
shares, ratios, values in range, links between sheets, recency, daily
records, self-assessed points and the 14-day zero-case veto — then write one
line per workbook. It is the yardstick `wuyi score` is timed against in
bench/run.py; it does none of the checking, explaining or reporting the tool
does.

    pip install python-calamine openpyxl
    python3 bench/peer.py calamine FOLDER [OUT.csv]
    python3 bench/peer.py openpyxl FOLDER [OUT.csv]
"""

import csv
import datetime as dt
import sys
from pathlib import Path

CASE_CATEGORIES = {"确诊病例", "无症状感染者", "密接", "次密接"}


def sheets_calamine(path):
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in wb.sheet_names}


def sheets_openpyxl(path):
    import openpyxl

    wb = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    out = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    wb.close()
    return out


def text(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def number(v):
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    try:
        return float(text(v).replace(",", ""))
    except ValueError:
        return None


def date(v):
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = text(v).replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        return None


def table(rows, key):
    """The rows under the first row (of the first 10) holding `key`, as dicts."""
    for i, row in enumerate(rows[:10]):
        headers = [text(h).replace("\n", "").replace(" ", "").rstrip("*") for h in row]
        if key in headers:
            out = []
            for r in rows[i + 1:]:
                if not any(text(c) for c in r):
                    continue
                first = text(r[0]) if r else ""
                if first.startswith("合计") or first.startswith("填表"):
                    continue
                out.append({h: (r[j] if j < len(r) else None) for j, h in enumerate(headers) if h})
            return out
    return []


def share(rows, pred):
    return sum(1 for r in rows if pred(r)) / len(rows) if rows else 0.0


def score(sheets):
    info = {}
    for row in sheets.get("基本信息", []):
        if len(row) >= 2:
            info[text(row[0])] = row[1]
    assessed = date(info.get("评估日期")) or dt.date.today()
    grids = table(sheets.get("网格台账", []), "网格编号")
    homes = table(sheets.get("一户一档", []), "户编号")
    cases = table(sheets.get("涉疫台账", []), "类别")
    disinfection = table(sheets.get("消杀记录", []), "日期")
    items = table(sheets.get("自评表", []), "编号")

    parents = {text(g.get("上级网格")) for g in grids if text(g.get("上级网格"))}
    leaves = [g for g in grids if text(g.get("网格编号")) not in parents]
    grid_ids = {text(g.get("网格编号")) for g in grids}
    home_grids = {text(h.get("网格编号")) for h in homes}

    def filled(rows, cols):
        return share(rows, lambda r: all(text(r.get(c)) for c in cols))

    def ratio(num, den):
        n = sum(number(h.get(num)) or 0 for h in homes)
        d = sum(number(h.get(den)) or 0 for h in homes)
        return min(n / d, 1.0) if d else 0.0

    days = {date(d.get("日期")) for d in disinfection}
    measured = {
        "A2": (8, share(leaves, lambda g: 10 <= (number(g.get("户数")) or -1) <= 20)),
        "A3": (6, filled(leaves, ["网格长", "网格长电话", "楼栋长"])),
        "A4": (6, share(homes, lambda h: text(h.get("网格编号")) in grid_ids)),
        "B1": (8, filled(homes, ["户编号", "网格编号", "地址", "户主", "联系电话", "常住人口"])),
        "B2": (5, share(homes, lambda h: (d := date(h.get("更新日期"))) is not None and 0 <= (assessed - d).days <= 30)),
        "B3": (6, ratio("核酸检测人数", "常住人口")),
        "B4": (5, ratio("疫苗接种人数", "常住人口")),
        "B7": (6, sum(1 for k in range(14) if assessed - dt.timedelta(days=k) in days) / 14),
        "C3": (5, filled(homes, ["七类人"])),
        "D1": (5, share(leaves, lambda g: text(g.get("网格编号")) in home_grids)),
        "D2": (5, filled(homes, ["境外返乡人员", "中高风险地区返乡人员"])),
        "D3": (4, filled(homes, ["租户"])),
    }
    total = sum(points * value for points, value in measured.values())
    for item in items:
        if text(item.get("编号")) in ("A1", "B5", "B6", "C1", "C2"):
            verified = number(item.get("核定得分"))
            total += verified if verified is not None else (number(item.get("自评得分")) or 0)
    vetoed = any(
        text(c.get("类别")) in CASE_CATEGORIES
        and (d := date(c.get("日期"))) is not None
        and 0 <= (assessed - d).days < 14
        for c in cases
    )
    return total, vetoed


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("calamine", "openpyxl"):
        sys.exit(__doc__)
    read = sheets_calamine if sys.argv[1] == "calamine" else sheets_openpyxl
    files = sorted(p for p in Path(sys.argv[2]).rglob("*") if p.suffix.lower() in (".xlsx", ".xlsm"))
    out = open(sys.argv[3], "w", newline="", encoding="utf-8") if len(sys.argv) > 3 else sys.stdout
    w = csv.writer(out)
    w.writerow(["file", "score", "vetoed", "passed"])
    for f in files:
        try:
            total, vetoed = score(read(f))
            w.writerow([f.name, f"{total:.1f}", vetoed, total >= 60 and not vetoed])
        except Exception as e:  # a damaged file gets a line too
            w.writerow([f.name, "", "", f"unreadable: {e}"])


if __name__ == "__main__":
    main()
