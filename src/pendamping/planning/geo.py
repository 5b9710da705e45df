"""Great-circle distance, shared by the routing and assignment solvers (pure, no Django)."""

from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Straight-line distance in kilometres between two points given in degrees."""
    p1, p2 = radians(lat1), radians(lat2)
    dlat, dlon = p2 - p1, radians(lon2 - lon1)
    h = sin(dlat / 2) ** 2 + cos(p1) * cos(p2) * sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))


def shared_vertex_neighbours(
    rings: dict[str, list[list[float]]], tolerance_deg: float = 0.0006
) -> dict[str, frozenset[str]]:
    """Areas whose boundaries come within about `tolerance_deg` (~60 m) of each other.

    Boundaries from different surveys rarely share exact vertices, so vertices are snapped
    to a grid and a neighbour is any area with a vertex in the same or an adjacent cell.
    """
    cells = {
        code: {(round(x / tolerance_deg), round(y / tolerance_deg)) for x, y in ring}
        for code, ring in rings.items()
    }
    owners: dict[tuple[int, int], set[str]] = {}
    for code, own in cells.items():
        for cell in own:
            owners.setdefault(cell, set()).add(code)
    result: dict[str, set[str]] = {code: set() for code in rings}
    for code, own in cells.items():
        for i, j in own:
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    result[code] |= owners.get((i + di, j + dj), set())
        result[code].discard(code)
    return {code: frozenset(n) for code, n in result.items()}
