"""RT/RW areas of an import, looked up and created in bulk.

Same codes and names as `wilayah.services.area_ensure_rt` (`<kelurahan>.<rw:03d>.<rt:03d>`),
but one query per kelurahan to read what exists and two bulk inserts for what is missing,
because a large file names thousands of RTs.
"""

from __future__ import annotations

from collections.abc import Iterable

from pendamping.wilayah.models import Area, Level, name_key

RtKey = tuple[int, int, int]  # (kelurahan id, rw, rt)


class RtCache:
    def __init__(self, area_code: dict) -> None:
        self._ids: dict[RtKey, int] = {}
        self._rws: dict[tuple[int, int], int] = {}
        self._loaded: set[int] = set()
        self._added: list = []
        self._area_code = area_code  # shared id -> code map of the loader

    def begin(self) -> None:
        self._added = []

    def rollback(self) -> None:
        """Forget what a failed transaction created."""
        for cache, key in self._added:
            cache.pop(key, None)
            if cache is self._rws:
                self._loaded.discard(key[0])
        self._added = []

    def get(self, key: RtKey) -> int:
        return self._ids[key]

    def _load(self, kelurahan_ids: set[int]) -> None:
        todo = kelurahan_ids - self._loaded
        if not todo:
            return
        rws = Area.objects.filter(parent_id__in=todo, level=Level.RW).values_list(
            "pk", "parent_id", "code"
        )
        rw_parent: dict[int, tuple[int, int]] = {}
        for pk, parent_id, code in rws:
            number = int(code.rsplit(".", 1)[1])
            self._rws[(parent_id, number)] = pk
            rw_parent[pk] = (parent_id, number)
        for pk, parent_id, code in Area.objects.filter(
            parent_id__in=list(rw_parent), level=Level.RT
        ).values_list("pk", "parent_id", "code"):
            kelurahan_id, rw = rw_parent[parent_id]
            self._ids[(kelurahan_id, rw, int(code.rsplit(".", 1)[1]))] = pk
            self._area_code[pk] = code
        self._loaded |= todo

    def ensure(self, keys: Iterable[RtKey]) -> None:
        """Make sure every (kelurahan, rw, rt) exists as an Area, creating what is missing."""
        wanted = set(keys) - self._ids.keys()
        if not wanted:
            return
        self._load({k[0] for k in wanted})
        wanted -= self._ids.keys()
        if not wanted:
            return
        kelurahan_code = dict(
            Area.objects.filter(pk__in={k[0] for k in wanted}).values_list("pk", "code")
        )
        new_rws = sorted({(k[0], k[1]) for k in wanted} - self._rws.keys())
        if new_rws:
            created = Area.objects.bulk_create(
                [
                    Area(
                        code=f"{kelurahan_code[kel]}.{rw:03d}",
                        name=f"RW {rw:03d}",
                        name_key=name_key(f"RW {rw:03d}"),
                        level=Level.RW,
                        parent_id=kel,
                    )
                    for kel, rw in new_rws
                ]
            )
            for (kel, rw), area in zip(new_rws, created, strict=True):
                self._rws[(kel, rw)] = area.pk
                self._added.append((self._rws, (kel, rw)))
        ordered = sorted(wanted)
        rts = []
        for kel, rw, rt in ordered:
            name = f"RT {rt:03d} / RW {rw:03d}"
            rts.append(
                Area(
                    code=f"{kelurahan_code[kel]}.{rw:03d}.{rt:03d}",
                    name=name,
                    name_key=name_key(name),
                    level=Level.RT,
                    parent_id=self._rws[(kel, rw)],
                )
            )
        for key, area in zip(ordered, Area.objects.bulk_create(rts), strict=True):
            self._ids[key] = area.pk
            self._area_code[area.pk] = area.code
            self._added.append((self._ids, key))
