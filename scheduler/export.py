"""The KPI history as a CSV file that opens as it should in the team's spreadsheet.

Dutch Excel reads `;` as the separator (the comma is the decimal sign there), wants decimal commas,
and takes the file as UTF-8 only with a byte order mark; status words are in the team's language.
English teams get a plain comma-separated file with decimal points (also with the BOM, for Excel).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from scheduler import messages as m

BOM = "\ufeff"


def _number(value: float | None, language: str) -> str:
    if value is None:
        return ""
    text = repr(float(value)).removesuffix(".0") if float(value).is_integer() else repr(float(value))
    return text.replace(".", ",") if language != "en" else text


def kpi_csv(rows: Iterable[tuple[Any, Any]], language: str) -> bytes:
    """(KpiValue, Kpi) rows, oldest first → the file's bytes."""
    dutch = language != "en"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if dutch else ",", lineterminator="\r\n")
    writer.writerow(m.EXPORT_HEADER(language).split(";" if dutch else ","))
    for value, kpi in rows:
        status = m.EXPORT_STATUS.get(value.status)
        unit = m.EXPORT_UNITS.get(kpi.unit or "")
        writer.writerow([value.period, kpi.name, _number(value.value, language), _number(kpi.target, language),
                         unit(language) if unit else (kpi.unit or ""),
                         status(language) if status else value.status, m.YES(language) if value.late else "",
                         value.entered_by or ""])
    return (BOM + buffer.getvalue()).encode("utf-8")

