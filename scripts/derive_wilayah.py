"""Derive accounts/data/wilayah.json from ../shared/data/wilayah/*.csv (run by hand, never at run time).

Indonesian area data: idn-area-data 3.1.2 (fityannugroho/idn-area-data), ODbL. The derived file is
shipped under the same license; see accounts/data/README.md.
"""

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "wilayah"
TARGET = ROOT / "accounts" / "data" / "wilayah.json"


def main():
    with open(SOURCE / "provinces.csv", newline="", encoding="utf-8") as f:
        provinces = [{"code": r["code"], "name": r["name"]} for r in csv.DictReader(f)]
    with open(SOURCE / "regencies.csv", newline="", encoding="utf-8") as f:
        regencies = [
            {
                "code": r["code"],
                "province": r["province_code"],
                "name": r["name"],
                "kind": "kota" if r["name"].startswith("KOTA ") else "kabupaten",
            }
            for r in csv.DictReader(f)
        ]
    data = {
        "source": "idn-area-data 3.1.2 (fityannugroho/idn-area-data), Open Database License (ODbL)",
        "provinces": provinces,
        "regencies": regencies,
    }
    TARGET.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(provinces)} provinces, {len(regencies)} regencies -> {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
