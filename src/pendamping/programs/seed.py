"""The programs Pekanbaru's assistants deliver: the five of the city's medium-term plan
(RPJMD) named in the study, and the national PKH, Sembako/BPNT, PBI-JK and ATENSI.

Loaded by `pendamping setup`; a program that exists already is left as the office edited it.
National rules are simplified where the full rules are not public, and each description says so.
"""

from django.db import transaction

from pendamping.registry.models import PpksCategory

from .models import Condition, Program

ACTIVE = {"field": "status", "op": "in", "value": {"values": ["active"]}}
HEAD = {"field": "relationship", "op": "in", "value": {"values": ["head"]}}


def _cats(*codes: str, op: str = "any_of") -> dict:
    return {"field": "category", "op": op, "value": {"values": list(codes)}}


def _range(field: str, low: int | None, high: int | None, group: int = 0) -> dict:
    return {"field": field, "op": "between", "value": {"min": low, "max": high}, "group": group}


SIMPLIFIED = (
    " Aturan di sini disederhanakan: aturan lengkapnya tidak dipublikasikan "
    "(simplified: the full rules are not public)."
)
PROGRAMS = [
    {
        "code": "pemberdayaan-fakir-miskin",
        "name": "Pemberdayaan Fakir Miskin, KAT dan PPKS lainnya",
        "owner": "city",
        "kind": "empowerment",
        "unit": "household",
        "targets": ["PPKS24", "PPKS26", "PPKS23", "PPKS13"],
        "description": "Program 1 RPJMD Kota Pekanbaru (disebut dalam kajian): usaha ekonomi "
        "produktif dan pendampingan bagi keluarga fakir miskin, komunitas adat terpencil dan "
        "PPKS lain. Kepala keluarga usia kerja." + SIMPLIFIED,
        "rules": [
            _cats("PPKS24", "PPKS26", "PPKS23", "PPKS13"),
            HEAD,
            _range("age", 18, 64),
            ACTIVE,
        ],
    },
    {
        "code": "pembinaan-anak-telantar",
        "name": "Pembinaan Anak Telantar",
        "owner": "city",
        "kind": "service",
        "unit": "person",
        "targets": ["PPKS01", "PPKS02", "PPKS04", "PPKS06", "PPKS07"],
        "description": "Program 2 RPJMD: pembinaan anak telantar, anak jalanan dan anak yang "
        "memerlukan perlindungan khusus, di bawah 18 tahun." + SIMPLIFIED,
        "rules": [
            _cats("PPKS01", "PPKS02", "PPKS04", "PPKS06", "PPKS07"),
            _range("age", 0, 17),
            ACTIVE,
        ],
    },
    {
        "code": "pembinaan-disabilitas-trauma",
        "name": "Pembinaan Penyandang Disabilitas dan Trauma",
        "owner": "city",
        "kind": "rehabilitation",
        "unit": "person",
        "targets": ["PPKS05", "PPKS09", "PPKS18", "PPKS19"],
        "description": "Program 3 RPJMD: pembinaan penyandang disabilitas (dahulu 'cacat') dan "
        "korban trauma (kekerasan, perdagangan orang)." + SIMPLIFIED,
        "rules": [_cats("PPKS05", "PPKS09", "PPKS18", "PPKS19"), ACTIVE],
    },
    {
        "code": "pembinaan-eks-penyakit-sosial",
        "name": "Pembinaan Eks Penyandang Penyakit Sosial",
        "owner": "city",
        "kind": "rehabilitation",
        "unit": "person",
        "targets": ["PPKS10", "PPKS15", "PPKS16", "PPKS17"],
        "description": "Program 4 RPJMD: pembinaan bekas warga binaan pemasyarakatan, korban "
        "NAPZA, tuna susila dan ODHA, usia 18 tahun ke atas." + SIMPLIFIED,
        "rules": [_cats("PPKS10", "PPKS15", "PPKS16", "PPKS17"), _range("age", 18, None), ACTIVE],
    },
    {
        "code": "kelembagaan-kesos",
        "name": "Pemberdayaan Kelembagaan Kesejahteraan Sosial",
        "owner": "city",
        "kind": "empowerment",
        "unit": "household",
        "targets": [],
        "description": "Program 5 RPJMD: penguatan lembaga kesejahteraan sosial (LKS), karang "
        "taruna dan PSKS lain. Sasarannya lembaga, bukan perorangan, sehingga tidak ada aturan "
        "kelayakan perorangan (targets institutions, so no person is eligible here).",
        "rules": [],
    },
    {
        "code": "pkh",
        "name": "Program Keluarga Harapan (PKH)",
        "owner": "ministry",
        "kind": "cash",
        "unit": "household",
        "targets": ["PPKS24"],
        "description": "Bantuan tunai bersyarat Kementerian Sosial: keluarga desil 1-4 DTSEN "
        "dengan komponen anak, lanjut usia atau penyandang disabilitas berat. Ibu hamil tidak "
        "tercatat di registri ini." + SIMPLIFIED,
        "rules": [
            _range("decile", 1, 4),
            HEAD,
            ACTIVE,
            {"field": "household_member", "op": "child_under", "value": {"age": 18}, "group": 1},
            {"field": "household_member", "op": "elder_from", "value": {"age": 70}, "group": 1},
            {"field": "household_member", "op": "disabled_member", "value": {}, "group": 1},
        ],
    },
    {
        "code": "sembako",
        "name": "Program Sembako / BPNT",
        "owner": "ministry",
        "kind": "in_kind",
        "unit": "household",
        "targets": ["PPKS24"],
        "description": "Bantuan pangan non tunai Kementerian Sosial untuk keluarga desil 1-5 "
        "DTSEN, diterima kepala keluarga." + SIMPLIFIED,
        "rules": [_range("decile", 1, 5), HEAD, ACTIVE],
    },
    {
        "code": "pbi-jk",
        "name": "PBI Jaminan Kesehatan (PBI-JK)",
        "owner": "ministry",
        "kind": "insurance",
        "unit": "person",
        "targets": ["PPKS24"],
        "description": "Iuran BPJS Kesehatan dibayar pemerintah untuk setiap anggota keluarga "
        "desil 1-5 DTSEN." + SIMPLIFIED,
        "rules": [_range("decile", 1, 5), ACTIVE],
    },
    {
        "code": "atensi",
        "name": "Asistensi Rehabilitasi Sosial (ATENSI)",
        "owner": "ministry",
        "kind": "rehabilitation",
        "unit": "person",
        "targets": ["PPKS01", "PPKS02", "PPKS05", "PPKS08", "PPKS09", "PPKS17", "PPKS18", "PPKS19"],
        "description": "Rehabilitasi sosial Kementerian Sosial untuk anak, lanjut usia, "
        "penyandang disabilitas, korban NAPZA dan korban kekerasan atau perdagangan orang."
        + SIMPLIFIED,
        "rules": [
            _cats("PPKS01", "PPKS02", "PPKS05", "PPKS08", "PPKS09", "PPKS17", "PPKS18", "PPKS19"),
            ACTIVE,
        ],
    },
]


@transaction.atomic
def programs_seed_load() -> int:
    """Create the seeded programs that do not exist yet; returns how many were created."""
    created = 0
    categories = {c.code: c for c in PpksCategory.objects.all()}
    for spec in PROGRAMS:
        if Program.objects.filter(code=spec["code"]).exists():
            continue
        program = Program.objects.create(
            code=spec["code"],
            name=spec["name"],
            owner=spec["owner"],
            kind=spec["kind"],
            unit=spec["unit"],
            description=spec["description"],
        )
        program.target_categories.set([categories[c] for c in spec["targets"] if c in categories])
        for position, rule in enumerate(spec["rules"]):
            Condition.objects.create(
                program=program,
                field=rule["field"],
                op=rule["op"],
                value=rule["value"],
                group=rule.get("group", 0),
                position=position,
            )
        created += 1
    return created
