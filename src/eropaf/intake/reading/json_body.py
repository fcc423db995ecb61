"""The API's JSON body as a raw table: a list of signals, each an object of field → value."""

import json
import re

from eropaf.intake.reading.table import DeliveryRefused, RawTable, build_table, header_width, rows_frame
from eropaf.intake.reading.workbooks import scalar_text


def read_json_delivery(payload: object) -> tuple[RawTable, str | None]:
    """The API body ``{"signalen": [{field: value}, …], "periode": "YYYY-MM"}`` as a raw table, and the
    ``periode`` text as given (None when absent). Row numbers are positions in the list, from 1."""
    if not isinstance(payload, dict):
        raise DeliveryRefused(
            'De aanlevering moet een JSON-object zijn met een lijst "signalen", bijvoorbeeld '
            '{"signalen": [{"referentie": "A-1", …}]}.'
        )
    if "signalen" not in payload:
        raise DeliveryRefused('De lijst "signalen" ontbreekt. Verwacht: {"signalen": [{…}, …]}.')
    signals = payload["signalen"]
    if not isinstance(signals, list):
        raise DeliveryRefused('"signalen" moet een lijst met signalen zijn, bijvoorbeeld [{…}, {…}].')
    period = payload.get("periode")
    if period is not None and not isinstance(period, str):
        raise DeliveryRefused('"periode" moet tekst zijn in de vorm JJJJ-MM, bijvoorbeeld "2025-03".')
    if not signals:
        raise DeliveryRefused('De lijst "signalen" is leeg; er is niets aan te leveren.')
    columns: dict[str, int] = {}
    rows: list[dict[int, str | None]] = []
    for position, signal in enumerate(signals, start=1):
        if not isinstance(signal, dict):
            raise DeliveryRefused(
                f'Signaal {position} in "signalen" is geen object; elk signaal moet een object zijn '
                'met velden, bijvoorbeeld {"referentie": "A-1", "bedrag": "120,50", …}.'
            )
        row: dict[int, str | None] = {}
        for key, value in signal.items():
            row[columns.setdefault(_unicode(str(key)), len(columns))] = _json_text(value)
        rows.append(row)
    width = header_width(list(columns))
    cells = [[row.get(index) for index in range(width)] for row in rows]
    table = build_table(
        list(columns), rows_frame(list(range(1, len(rows) + 1)), cells, width), drop_blank_rows=False
    )
    return table, period


# JSON may escape half of a UTF-16 surrogate pair (``"\\udac6"``); no UTF-8 text can hold one.
_UNPAIRED_SURROGATE = re.compile("[\ud800-\udfff]")


def _unicode(text: str) -> str:
    return _UNPAIRED_SURROGATE.sub("\ufffd", text)


def _json_text(value: object) -> str | None:
    if isinstance(value, list | dict):
        try:
            return _unicode(json.dumps(value, ensure_ascii=False))
        except (TypeError, ValueError, RecursionError):
            return "(samengestelde waarde)"
    text = scalar_text(value)
    return None if text is None else _unicode(text)
