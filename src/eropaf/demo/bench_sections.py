"""Writing a benchmark's figures into its section of docs/performance.md: one block per database,
replaced by the latest run, the section created (before "## Results") when it is not there yet."""

import re
from pathlib import Path

VENDOR_ORDER = ("sqlite", "postgresql")


def record_section(path: Path, *, section: str, intro: str, marker: str, vendor: str, block: str) -> None:
    """Write ``block`` (between ``<!-- marker:vendor -->`` comments) as the vendor's block of ``section``."""
    blocks = re.compile(rf"<!-- {marker}:(\w+) -->\n.*?<!-- /{marker}:\1 -->", re.DOTALL)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    lines = text.split("\n")
    if section not in lines:
        new = f"{section}\n\n{intro}\n\n{block}\n"
        if "## Results" not in lines:
            path.write_text(text.rstrip("\n") + ("\n\n" if text.strip() else "") + new, encoding="utf-8")
            return
        results = lines.index("## Results")
        before, after = "\n".join(lines[:results]), "\n".join(lines[results:])
        path.write_text(before.rstrip("\n") + "\n\n" + new + "\n" + after, encoding="utf-8")
        return
    start = lines.index(section)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    body = "\n".join(lines[start:end]).rstrip("\n")
    existing = {match.group(1): match for match in blocks.finditer(body)}
    if vendor in existing:
        match = existing[vendor]
        body = body[: match.start()] + block + body[match.end() :]
    else:
        following = VENDOR_ORDER[VENDOR_ORDER.index(vendor) + 1 :] if vendor in VENDOR_ORDER else ()
        later = [existing[name] for name in following if name in existing]
        if later:
            at = min(match.start() for match in later)
            body = body[:at] + block + "\n\n" + body[at:]
        else:
            body = body + "\n\n" + block
    head = "\n".join(lines[:start])
    rest = "\n".join(lines[end:])
    text = (head + "\n" if start else "") + body + "\n" + ("\n" + rest if rest else "")
    path.write_text(text, encoding="utf-8")
