"""Reads an export back with independent readers and prints its cells as JSON.

    read_export.py csv PATH DELIMITER   -> {"rows": [[str, ...], ...]}
    read_export.py xlsx PATH            -> {"rows": [[value, ...], ...], "formulas": N}

CSV goes through Python's csv module (the BOM, if any, is dropped by
utf-8-sig). For xlsx (openpyxl) strings and numbers come as JSON strings and
numbers, dates and times as ISO text (date and time when the cell's number format shows hours, rounded to whole seconds), empty cells
as null; "formulas" counts the cells stored as formulas.
"""
import csv
import datetime
import json
import sys


def read_csv(path, delimiter):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return {"rows": [row for row in csv.reader(f, delimiter=delimiter, strict=True)]}


def value(cell):
    v = cell.value
    if isinstance(v, datetime.datetime):
        v = (v + datetime.timedelta(microseconds=500_000)).replace(microsecond=0)
        if "h" not in cell.number_format:
            return v.date().isoformat()
        return v.isoformat()
    if isinstance(v, datetime.date):
        return v.isoformat()
    return v


def read_xlsx(path):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    rows, formulas = [], 0
    for row in ws.iter_rows():
        out = []
        for cell in row:
            if cell.data_type == "f":
                formulas += 1
            out.append(value(cell))
        rows.append(out)
    return {"rows": rows, "formulas": formulas, "sheets": len(wb.worksheets)}


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    if kind == "csv":
        result = read_csv(path, {"tab": "\t"}.get(sys.argv[3], sys.argv[3]))
    else:
        result = read_xlsx(path)
    json.dump(result, sys.stdout, ensure_ascii=True)
