"""A deterministic synthetic national corpus grown from the seed documents.

Each synthetic plan is a seed plan re-issued by another prefecture-level city:
city names, the short city name in 文号 (东政办字 → 烟政办字), the issue date and every
target value are varied with a seeded random generator, so the corpus has the
seeds' real language but hundreds of distinct regions and numbers.
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw" / "policies"
REGIONS = ROOT / "data" / "raw" / "regions.csv"
# Seeds that are city plans, with the city they name.
CITY_SEEDS = {
    "000_294c8626ef5e9e40.txt": "东营市",
    "001_d17e37a731a8482e.txt": "赤峰市",
    "002_6cb58e01d0044c6b.txt": "威海市",
    "004_aff3bbae5feb8a33.txt": "聊城市",
}
_VALUE_RE = re.compile(r"(?<![\d.〔\[])(\d+\.\d+|\d+)(?=\s?(?:张|人|%|个|项|名|处|所|家))")


@dataclass(frozen=True)
class Corpus:
    folder: Path
    files: list[Path]
    bytes: int
    regions: int


def _cities() -> list[tuple[str, str]]:
    rows = csv.DictReader(REGIONS.open(encoding="utf-8"))
    return [(r["region"], r["province"]) for r in rows if r["level"] == "municipal"]


def _vary(text: str, seed_city: str, city: str, rng: random.Random, year: int,
          serial: int) -> str:
    short_seed, short_city = seed_city[0], city[0]
    text = text.replace(seed_city, city).replace(seed_city[:-1], city.rstrip("市州盟"))
    text = re.sub(rf"{short_seed}(政办[发字]|医改)", rf"{short_city}\1", text)
    # every plan its own 文号, so no two synthetic plans look like one plan twice
    text = re.sub(r"(政办[发字]〔\d{4}〕)\d+号", rf"\g<1>{serial}号", text, count=1)
    text = re.sub(r"20(2[0-9])年(\s*\d{1,2}\s*月\s*\d{1,2}\s*日)", f"{year}年\\2", text)

    def bump(m: re.Match[str]) -> str:
        raw = m.group(1)
        value = float(raw)
        if value >= 1900:  # years and the like
            return raw
        new = value * rng.uniform(0.9, 1.1)
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        return f"{new:.{decimals}f}" if decimals else str(max(1, round(new)))

    return _VALUE_RE.sub(bump, text)


def generate(folder: Path, regions: int, plans_per_region: int, seed: int = 2025) -> Corpus:
    """Write ``regions × plans_per_region`` plans into ``folder`` (deterministic)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    cities = _cities()
    seeds = [(name, (SEEDS / name).read_text(encoding="utf-8"), city)
             for name, city in sorted(CITY_SEEDS.items())]
    files: list[Path] = []
    total = 0
    for i in range(regions):
        city, _province = cities[i % len(cities)]
        round_ = i // len(cities)
        # beyond the real cities: 东营东市, 东营西市, ... (still a municipal issuer line)
        label = city if round_ == 0 else city.rstrip("市") + "东西南北中"[(round_ - 1) % 5] + "市"
        for k in range(plans_per_region):
            seed_name, text, seed_city = seeds[(i + k) % len(seeds)]
            body = _vary(text, seed_city, label, rng, 2022 + (k % 3), i * plans_per_region + k)
            path = folder / f"r{i:04d}_p{k}_{seed_name[:3]}.txt"
            data = body.encode("utf-8")
            path.write_bytes(data)
            files.append(path)
            total += len(data)
    return Corpus(folder, files, total, regions)
