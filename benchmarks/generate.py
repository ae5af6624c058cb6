"""Seeded generator of realistic plan.yaml files in our format, for `make bench`.

Danish text with æøå, every timing form of the grammar, comments and blank lines, statuses in
realistic shares, and a few activities without status. Same seed, same file.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

TIMINGS = [
    "5. december", "28. januar", "Januar", "7. februar", "Februar", "23/24. februar", "28. Februar",
    "IFebruar og frem", "Februar og frem", "Februar-marts", "Februar-maj", "5. marts", "Marts-april",
    "Marts- maj", "Marts og frem", "April-maj", "1. juni", "Juni", "Forår//sommer", "September",
    "November", "Løbende", "1. december", "December", "12.03.2020", "2020-03-12", "12/3", "1.-15. marts",
    "15. marts - 15. april", "marts 2021", "sept.", "jan-feb", "november-januar", "fra maj", "hele året",
    "2021", "2020-2025", "forår", "sommer", "efterår", "primo april", "medio maj", "ultimo feb. 2021",
    "uge 12", "uge 10-12", "uge 7 2021", "1. kvartal", "Q3", "2. halvår 2021", "påske", "påske 2021",
    "i marts", "Marts – maj",
]  # fmt: skip
EMNER = ["Igangsættelse", "Bæredygtighedspulje", "Inspiration og forankring", "Klima og energi",
         "Grøn omstilling", "Affald og genbrug", "Biodiversitet", "Mobilitet"]  # fmt: skip
VERBS = ["Afholdelse af", "Udarbejdelse af", "Opstart dialog med", "Etablering af", "Revidering af",
         "Behandling af", "Planlægning og markedsføring af", "Indsamle og videreformidle"]  # fmt: skip
THINGS = ["offentlige idémøder", "inspirationsworkshop på morgenmøde", "kommunikationsmateriale",
          "strategi for bæredygtig udvikling", "ejerstrategi for Arwos", "årligt katalog over handlinger",
          "indkøbs- og udbudspolitik", "platform til vidensdeling", "grønne indkøb i hjemmeplejen",
          "lederkonference om bæredygtighed", "ansøgninger til bæredygtighedspuljen"]  # fmt: skip
PLACES = ["Aabenraa", "Padborg", "Tinglev", "Rødekro", "Bov", "Kliplev", "Løjt Kirkeby", "Genner",
          "Felsted", "Bylderup-Bov", "Hjordkær", "Varnæs"]  # fmt: skip
OWNERS = ["Koordinator for Bæredygtig Udvikling", "Direktionen/ Koordinator for Bæredygtig Udvikling",
          "Byråds- og Direktionssekretariatet", "Udbudsenheden",
          "Kommunikation/ Koordinator for Bæredygtig Udvikling",
          "Økonomiudvalget", "Kommunale Ejendomme", "Teknik og Miljø", "Børn og Skole",
          "Koordinator for Bæredygtig Udvikling i samarbejde med forvaltninger"]  # fmt: skip
STATUSES = ["Afventer", "Under forberedelse", "I gang", "Afsluttet"]
STATUS_WEIGHTS = [40, 30, 20, 9]  # and 1 in 100 without status


def generate(count: int, seed: int = 2020) -> str:
    rng = random.Random(seed * 1_000_003 + count)
    out = [
        "# Genereret testplan til benchmarks (benchmarks/generate.py).",
        f"titel: Testplan med {count} aktiviteter – bæredygtig udvikling",
        "indledning: >-",
        "  Følgende aktiviteter skal sikre igangsættelse af arbejdet med bæredygtig udvikling",
        "  i alle forvaltninger. Planen justeres og udbygges løbende.",
        "år: 2020",
        "statusser: [Afventer, Under forberedelse, I gang, Afsluttet]",
        "",
        "aktiviteter:",
    ]
    for activity_id in range(1, count + 1):
        if activity_id % 250 == 1:
            out.append(f"  # --- afsnit {activity_id // 250 + 1} ---")
        emne = rng.sample(EMNER, 2 if rng.random() < 0.15 else 1)
        aktivitet = f"{rng.choice(VERBS)} {rng.choice(THINGS)} i {rng.choice(PLACES)}"
        if rng.random() < 0.1:
            aktivitet += ' – "kampagne": internt og eksternt'
        out.append(f"  - id: {activity_id}")
        out.append(f"    tidspunkt: {rng.choice(TIMINGS)}")
        out.append(f"    emne: [{', '.join(emne)}]")
        out.append(
            f"    aktivitet: {json.dumps(aktivitet, ensure_ascii=False) if ':' in aktivitet else aktivitet}"
        )
        out.append(f"    ansvarlig: {rng.choice(OWNERS)}")
        if rng.random() < 0.01:
            out.append("    status:  # ingen status endnu")
        else:
            out.append(f"    status: {rng.choices(STATUSES, STATUS_WEIGHTS)[0]}")
        out.append("")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[50, 1000, 10000, 100000])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for size in args.sizes:
        path = args.out / f"plan-{size}.yaml"
        path.write_text(generate(size), encoding="utf-8")
        print(f"{path}: {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
