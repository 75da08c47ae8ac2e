"""Tests of warehouse/reference: the compiled tables, checked against CBS tables in shared/refdata."""

from __future__ import annotations

import csv

import pytest

from tests.conftest import REFDATA
from warehouse.reference import gemeenten, normalise_place, read_table, resolve_gemeente

NL_GEO = REFDATA / "nl-geo"


def _cbs_rows(name: str) -> list[dict[str, str]]:
    path = NL_GEO / name
    if not path.exists():
        pytest.skip(f"CBS reference table {path} is absent (shared/refdata not mounted)")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_gemeenten_match_cbs_codes_names_and_provinces():
    cbs = {row["RegioS"]: row for row in _cbs_rows("cbs_85755NED_gebieden_2024_gemeente_provincie.csv")}
    provinces = {row["code"]: row["name"] for row in read_table("provincies.csv")}
    cbs_province_names = {"Fryslân": "Friesland"}
    for gemeente in gemeenten():
        assert gemeente.code in cbs, gemeente
        assert gemeente.name == cbs[gemeente.code]["Naam_2"]
        ours = provinces[gemeente.provincie]
        assert cbs_province_names.get(ours, ours) == cbs[gemeente.code]["Naam_29"], gemeente


def test_arbeidsmarktregios_match_cbs():
    cbs = {row["statcode"]: row["statnaam"] for row in _cbs_rows("arbeidsmarktregios_2024_codes.csv")}
    ours = {row["code"]: row["name"] for row in read_table("arbeidsmarktregios.csv")}
    assert ours == cbs
    assert len(ours) == 35
    assert {g.arbeidsmarktregio for g in gemeenten()} <= ours.keys()


def test_woonplaatsen_match_cbs_gemeenten():
    cbs = {}
    for row in _cbs_rows("woonplaatsen_gemeente_corop_2024.csv"):
        cbs.setdefault(row["Woonplaats"], set()).add("GM" + row["Gemeentecode"])
    for row in read_table("woonplaatsen.csv"):
        name = "'s-Gravenhage" if row["woonplaats"] == "Den Haag" else row["woonplaats"]
        assert row["gemeente"] in cbs[name], row


@pytest.mark.parametrize(
    ("place", "code"),
    [
        ("Amsterdam", "GM0363"),
        ("Den Haag", "GM0518"),
        ("'s-Gravenhage", "GM0518"),
        ("Hengelo", "GM0164"),
        ("hoofddorp", "GM0394"),
        ("  Capelle aan den IJssel ", "GM0502"),
        ("Atlantis", None),
        (None, None),
    ],
)
def test_place_names_resolve_to_gemeenten(place, code):
    assert resolve_gemeente(place) == code


def test_normalise_place_drops_accents_and_cbs_suffixes():
    assert normalise_place("Rijswijk (ZH.)") == normalise_place("RIJSWIJK") == "rijswijk"
    assert normalise_place("Súdwest-Fryslân") == "sudwest-fryslan"
