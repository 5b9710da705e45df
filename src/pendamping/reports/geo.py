"""Kecamatan boundaries for the choropleth map.

They are the ones shipped with the area data (`wilayah/data/geo/`, from cahyadsn/wilayah_boundaries,
MIT; see that folder's SOURCES.md and licence): the kecamatan made from their kelurahan, whose
borders line up. Without the file the dashboard shows its fallback instead of a map.
"""

import json
from functools import lru_cache
from pathlib import Path

GEO_DIR = Path(__file__).resolve().parent.parent / "wilayah" / "data" / "geo"
KECAMATAN_FILE = "pekanbaru_kecamatan_from_kelurahan.geojson"


@lru_cache(maxsize=4)
def kecamatan_boundaries(path: Path | None = None) -> dict[str, dict]:
    """Features by kecamatan code; empty when the file is missing or unreadable."""
    path = path or GEO_DIR / KECAMATAN_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {
        f["properties"]["code"]: {
            "type": "Feature",
            "geometry": f["geometry"],
            "properties": {"code": f["properties"]["code"], "name": f["properties"]["name"]},
        }
        for f in data.get("features", [])
        if f.get("geometry") and f.get("properties", {}).get("code")
    }
