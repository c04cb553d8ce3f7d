"""Write the preset dictionaries that event payloads are compressed with (run once per version).

    .venv/bin/python scripts/make_payload_dicts.py

A dictionary can never change once databases hold payloads compressed with it: a stored
payload names its dictionary by the version byte in front, and tests/db/test_codec.py pins
each file's SHA-256. This script refuses to overwrite an existing file; a better dictionary
is a new version (a new file and a new entry in counter/db/codec.py), never an edit.

Version 1: the shapes of the small payloads (transfers, prints, payments…), for short
payloads. Version 2: one segment per procedure of the bundled catalogue, written as an intake
(`received`) of it carries it (name, field, resolving unit, result, document names), each used
after version 1's text; a payload names its segment by a second byte. A dictionary of a few
KB is set up in microseconds, where one of the whole catalogue (20 KB) cost ~50 µs an event.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "storage"
T = "2026-01-01 08:00:00"


def pj(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def generic() -> str:
    # Least useful first: deflate codes nearer matches (the end of the dictionary) cheaper.
    shapes: list[Any] = [
        {"event_ids": [], "note": "Đã báo công dân mã mới"},
        {"text": "Công dân"},
        {"at": T, "documents": [], "due_at": T, "received_at": T},
        {"at": T, "missing": ["Tờ khai"], "reason": "Thiếu giấy tờ"},
        {
            "at": T,
            "new_due_at": T,
            "override": False,
            "previous_due_at": T,
            "reason": "Chờ xác minh",
        },
        {"at": T, "note": "Nộp lệ phí"},
        {"at": T, "reason": "Công dân đề nghị dừng giải quyết hồ sơ."},
        {"rating": 3},
        {"amount": 10000, "method": "transfer", "receipt_no": ""},
        {"amount": 10000, "method": "cash"},
        {"approved": True, "at": T, "note": ""},
        {"at": T, "collected_by": "Người nộp hồ sơ", "method": "counter"},
        {"form": "01", "paper": "a4", "reprint": False},
        {"at": T, "from_person": "", "to_person": "", "to_unit": "Bộ phận Một cửa"},
        {"at": T, "from_person": "", "to_person": "", "to_unit": "Công chức chuyên môn"},
    ]
    return "".join(pj(s) for s in shapes)


def catalogue() -> list[list[str]]:
    """[procedure code, the text an intake of it repeats] for each bundled procedure."""
    data = json.loads((ROOT / "resources" / "catalogue" / "procedures.json").read_text("utf-8"))
    head = {
        "address": "Thôn 1, Xã , Tỉnh ",
        "full_name": "Nguyễn Văn ",
        "id": "",
        "id_number": "0790",
        "phone": "09",
    }
    segments = []
    for p in data["procedures"]:
        docs = [
            {"copies": d["copies"], "name": d["name"], "originals": d["originals"]}
            for d in p["documents"]
        ]
        proc = {
            "code": p["code"],
            "fee": p["fee"],
            "field": p["field"],
            "name": p["name"],
            "resolving_unit": p["resolving_unit"],
            "result_name": p.get("result", ""),
            "time_amount": p["time_amount"],
            "time_unit": p["time_unit"],
        }
        received = {
            "applicant": head,
            "channel": "direct",
            "code": "000.00.00.H40-260101-0001",
            "delivery": "counter",
            "documents": docs,
            "due_at": T,
            "outcome": "accepted",
            "procedure": proc,
            "received_at": T,
            "sets": 1,
        }
        segments.append([p["code"], pj(received)])
    return segments


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    files = {
        "payload-1.zdict": generic().encode(),
        "payload-2.zdict": json.dumps(
            {"common": generic(), "segments": catalogue()}, ensure_ascii=False, indent=0
        ).encode(),
    }
    for name, data in files.items():
        path = OUT / name
        if path.exists():
            print(f"{name} exists; dictionaries never change", file=sys.stderr)
            continue
        path.write_bytes(data)
        print(f"{name}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
