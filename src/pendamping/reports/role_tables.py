"""Role shares as exportable tables (per assistant, worker type, area or month)."""

from django.utils.translation import gettext as _

from pendamping.casework.roles import WorkRole

from .role_profile import GROUPINGS, role_shares
from .selectors import Cell, Table, Window


def role_share_table(window: Window, by: str) -> Table | None:
    if by not in GROUPINGS:
        return None
    shares = role_shares(window, by)
    columns = [str(GROUPINGS[by]), _("Role tags"), *[str(r.label) for r in WorkRole]]
    rows = [
        [Cell(g["label"], g["url"]), Cell(g["total"]), *[Cell(r.pct) for r in g["rows"]]]
        for g in shares["groups"]
    ]
    total = [
        Cell(_("Total")),
        Cell(sum(r.tags for r in shares["rows"])),
        *[Cell(r.pct) for r in shares["rows"]],
    ]
    return Table(
        f"roles_{by}",
        _("Role shares (%%) by %(by)s") % {"by": str(GROUPINGS[by]).lower()},
        columns,
        rows,
        total,
        note=_("Share of the role tags of activities in the months chosen."),
    )
