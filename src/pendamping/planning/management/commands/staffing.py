"""`pendamping staffing`: the staffing need per kecamatan (or kelurahan) from the current data
and the norms set in the admin; `--xlsx FILE` writes the workbook for the budget proposal."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pendamping.planning.export import staffing_xlsx
from pendamping.planning.selectors import period_from, staffing_table
from pendamping.planning.staffing import heads


class Command(BaseCommand):
    help = "Print workers needed, present and short per area and worker type, with city totals."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--level", choices=["kecamatan", "kelurahan"], default="kecamatan")
        parser.add_argument("--start", help="period start (YYYY-MM-DD); default 90 days back")
        parser.add_argument("--end", help="period end (YYYY-MM-DD); default today")
        parser.add_argument("--show-arithmetic", action="store_true")
        parser.add_argument("--xlsx", type=Path, help="also write the XLSX workbook here")

    def handle(self, *args, **opts) -> None:
        period = period_from(opts["start"], opts["end"])
        table = staffing_table(level=opts["level"], period=period)
        if not table.rows:
            raise CommandError(
                "Tidak ada wilayah: jalankan 'pendamping setup' dulu / "
                "No areas: run 'pendamping setup' first"
            )
        out = self.stdout.write
        out(f"Staffing need per {opts['level']}, {period.start} - {period.end}")
        out("need / present / shortfall (full-time workers)")
        head = f"{'area':<22}" + "".join(f"{t.upper():>20}" for t in table.types)
        out(head)
        for row in table.rows:
            cells = []
            for t in table.types:
                n = row.needs.get(t)
                cells.append(f"{n.need:g} / {n.present:g} / {n.shortfall:g}" if n else "-")
            out(f"{row.area.name[:22]:<22}" + "".join(f"{c:>20}" for c in cells))
            if opts["show_arithmetic"]:
                for t in table.types:
                    if t in row.needs:
                        out(f"    {t}: {row.needs[t].arithmetic}")
        out("")
        out(f"{'city total':<12}{'need':>8}{'present':>9}{'short':>8}{'recruit':>9}")
        for t in [*table.types, *table.city]:
            total = table.total(t)
            out(
                f"{t.upper():<12}{total['need']:>8g}{total['present']:>9g}"
                f"{total['shortfall']:>8g}{heads(total['shortfall']):>9}"
            )
        for t, need in table.city.items():
            out(f"  {t}: {need.arithmetic}")
        if opts["xlsx"]:
            other = "kelurahan" if opts["level"] == "kecamatan" else "kecamatan"
            tables = {opts["level"]: table, other: staffing_table(level=other, period=period)}
            opts["xlsx"].write_bytes(staffing_xlsx(tables["kecamatan"], tables["kelurahan"]))
            out(f"Written {opts['xlsx']}")
