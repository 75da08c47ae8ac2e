"""Content of the compiled reference tables in warehouse/reference and core/dutch/data, checked against
shared/refdata where present.

The tables are read as plain CSV here, so these tests do not depend on the loader code in warehouse/reference.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from core.dutch.education import LEVELS, normalise_education_level
from tests.conftest import REFDATA

ROOT = Path(__file__).resolve().parents[2]
PLACE_TABLES = ("gemeenten.csv", "woonplaatsen.csv")
"""Kept with the place parsing in core/dutch/data; the other tables are the warehouse's."""
NL_GEO = REFDATA / "nl-geo"


def _path(name: str) -> Path:
    return ROOT / ("core/dutch/data" if name in PLACE_TABLES else "warehouse/reference") / name


def _table(name: str) -> list[dict[str, str]]:
    with _path(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _refdata(relative: str) -> list[dict[str, str]]:
    path = REFDATA / relative
    if not path.exists():
        pytest.skip(f"reference file {path} is absent (shared/refdata not mounted)")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _header(name: str) -> list[str]:
    with _path(name).open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


GEMEENTEN = _table("gemeenten.csv")
BY_CODE = {row["code"]: row for row in GEMEENTEN}
BY_NAME = {row["name"]: row for row in GEMEENTEN}
AM_NAMES = {row["code"]: row["name"] for row in _table("arbeidsmarktregios.csv")}
PROVINCES = {row["code"]: row["name"] for row in _table("provincies.csv")}


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("gemeenten.csv", ["code", "name", "provincie", "arbeidsmarktregio"]),
        ("woonplaatsen.csv", ["woonplaats", "gemeente"]),
        ("sbi_divisions.csv", ["code", "name", "section"]),
        ("isco_groups.csv", ["code", "level", "name", "parent"]),
        ("education_levels.csv", ["code", "name", "nlqf", "sort"]),
    ],
)
def test_tables_have_their_columns(name, columns):
    assert _header(name) == columns


# --- gemeenten ---------------------------------------------------------------------------------------------


def test_gemeenten_are_the_342_of_2024_sorted_by_code_with_known_areas():
    codes = [row["code"] for row in GEMEENTEN]
    assert len(codes) == 342
    assert codes == sorted(set(codes))
    assert all(re.fullmatch(r"GM\d{4}", code) for code in codes)
    assert len(BY_NAME) == 342
    assert {row["provincie"] for row in GEMEENTEN} == set(PROVINCES)
    assert {row["arbeidsmarktregio"] for row in GEMEENTEN} <= set(AM_NAMES)


def test_gemeenten_match_cbs_codes_names_and_provinces():
    cbs = {row["RegioS"]: row for row in _refdata("nl-geo/cbs_85755NED_gebieden_2024_gemeente_provincie.csv")}
    assert set(BY_CODE) == set(cbs), "no CBS gemeente missing, no extra gemeente"
    for code, row in BY_CODE.items():
        assert row["name"] == cbs[code]["Naam_2"], row
        assert PROVINCES[row["provincie"]] == cbs[code]["Naam_29"], row


def test_arbeidsmarktregios_match_cbs_and_each_has_gemeenten():
    cbs = {row["statcode"]: row["statnaam"] for row in _refdata("nl-geo/arbeidsmarktregios_2024_codes.csv")}
    assert cbs == AM_NAMES
    assert len(AM_NAMES) == 35
    assert not {"AM04", "AM16", "AM31"} & set(AM_NAMES)
    members = Counter(row["arbeidsmarktregio"] for row in GEMEENTEN)
    assert set(members) == set(AM_NAMES), "every region has at least one gemeente"


def test_every_arbeidsmarktregio_is_used_even_without_refdata():
    assert {row["arbeidsmarktregio"] for row in GEMEENTEN} == set(AM_NAMES)


@pytest.mark.parametrize(
    ("gemeente", "region"),
    [
        ("Amsterdam", "Groot Amsterdam"),
        ("Haarlemmermeer", "Groot Amsterdam"),
        ("De Ronde Venen", "Groot Amsterdam"),
        ("Rotterdam", "Rijnmond"),
        ("Voorne aan Zee", "Rijnmond"),
        ("Hoeksche Waard", "Rijnmond"),
        ("'s-Gravenhage", "Haaglanden"),
        ("Zoetermeer", "Zuid-Holland Centraal"),
        ("Voorschoten", "Zuid-Holland Centraal"),
        ("Gouda", "Midden-Holland"),
        ("Utrecht", "Midden-Utrecht"),
        ("Veenendaal", "FoodValley"),
        ("Rhenen", "FoodValley"),
        ("Renswoude", "FoodValley"),
        ("Ede", "FoodValley"),
        ("Nijkerk", "Amersfoort"),
        ("Eemnes", "Gooi en Vechtstreek"),
        ("Vijfheerenlanden", "Gorinchem"),
        ("Uitgeest", "Noord-Holland Noord"),
        ("Dijk en Waard", "Noord-Holland Noord"),
        ("Purmerend", "Zaanstreek/Waterland"),
        ("Haarlem", "Zuid-Kennemerland en IJmond"),
        ("Zeewolde", "Veluwe Stedendriehoek"),
        ("Assen", "Groningen"),
        ("Meppel", "Regio Zwolle"),
        ("Arnhem", "Midden-Gelderland"),
        ("Mook en Middelaar", "Rijk van Nijmegen"),
        ("Land van Cuijk", "Noordoost-Brabant"),
        ("Maashorst", "Noordoost-Brabant"),
        ("Altena", "West-Brabant"),
        ("Tilburg", "Midden-Brabant"),
        ("Eindhoven", "Zuidoost-Brabant"),
        ("Helmond", "Helmond-De Peel"),
        ("Cranendonck", "Midden-Limburg"),
        ("Venlo", "Noord-Limburg"),
        ("Maastricht", "Zuid-Limburg"),
        ("Súdwest-Fryslân", "Friesland"),
        ("Emmen", "Drenthe"),
        ("Enschede", "Twente"),
        ("Lelystad", "Flevoland"),
        ("Doetinchem", "Achterhoek"),
        ("Tiel", "Rivierenland"),
        ("Dordrecht", "Drechtsteden"),
        ("Middelburg (Z.)", "Zeeland"),
    ],
)
def test_gemeente_arbeidsmarktregio(gemeente, region):
    assert AM_NAMES[BY_NAME[gemeente]["arbeidsmarktregio"]] == region


# Gemeenten that belong to an arbeidsmarktregio mostly made of another province's gemeenten.
CROSS_PROVINCE = {
    "Drenthe gemeenten in Groningen": {"Aa en Hunze", "Assen", "Noordenveld", "Tynaarlo"},
    "Gelderland and Drenthe gemeenten in Regio Zwolle": {"Hattem", "Oldebroek", "Meppel", "Westerveld"},
    "Overijssel and Flevoland gemeenten in Veluwe Stedendriehoek": {"Olst-Wijhe", "Deventer", "Zeewolde"},
    "Gelderland gemeente in Amersfoort": {"Nijkerk"},
    "Utrecht gemeente in Gooi en Vechtstreek": {"Eemnes"},
    "Utrecht gemeente in Groot Amsterdam": {"De Ronde Venen"},
    "Utrecht gemeenten in FoodValley": {"Renswoude", "Rhenen", "Veenendaal"},
    "Utrecht gemeente in Gorinchem": {"Vijfheerenlanden"},
    "Limburg gemeente in Rijk van Nijmegen": {"Mook en Middelaar"},
    "Noord-Brabant gemeente in Midden-Limburg": {"Cranendonck"},
}


def test_cross_province_memberships_are_the_deliberate_ones():
    provinces = defaultdict(Counter)
    for row in GEMEENTEN:
        provinces[row["arbeidsmarktregio"]][row["provincie"]] += 1
    main = {region: counts.most_common(1)[0][0] for region, counts in provinces.items()}
    crossing = {row["name"] for row in GEMEENTEN if row["provincie"] != main[row["arbeidsmarktregio"]]}
    assert crossing == set().union(*CROSS_PROVINCE.values())


# --- woonplaatsen ------------------------------------------------------------------------------------------

WOONPLAATSEN = [(row["woonplaats"], row["gemeente"]) for row in _table("woonplaatsen.csv")]


def test_woonplaatsen_are_sorted_unique_and_point_to_gemeenten():
    assert sorted(set(WOONPLAATSEN)) == WOONPLAATSEN
    assert all(name == name.strip() and name for name, _ in WOONPLAATSEN)
    assert {code for _, code in WOONPLAATSEN} <= set(BY_CODE)


def test_every_cbs_woonplaats_resolves_to_its_gemeente():
    cbs = {
        (row["Woonplaats"], "GM" + row["Gemeentecode"])
        for row in _refdata("nl-geo/woonplaatsen_gemeente_corop_2024.csv")
    }
    assert len(cbs) == 2501
    assert cbs <= set(WOONPLAATSEN), sorted(cbs - set(WOONPLAATSEN))[:10]


def test_colloquial_names_never_shadow_an_official_woonplaats():
    official = {row["Woonplaats"] for row in _refdata("nl-geo/woonplaatsen_gemeente_corop_2024.csv")}
    extra = [(name, code) for name, code in WOONPLAATSEN if name not in official]
    assert ("Den Haag", "GM0518") in extra
    assert ("Den Bosch", "GM0796") in extra
    assert len(extra) < 100, "extra rows are colloquial names only, not a second woonplaats list"
    extra_names = Counter(name for name, _ in extra)
    assert max(extra_names.values()) == 1, "a colloquial name points to one gemeente"


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("Den Haag", {"GM0518"}),
        ("The Hague", {"GM0518"}),
        ("'s-Gravenhage", {"GM0518"}),
        ("Den Bosch", {"GM0796"}),
        ("'s-Hertogenbosch", {"GM0796"}),
        ("Hoofddorp", {"GM0394"}),
        ("Hengelo", {"GM0164"}),
        ("Hengelo (Gld)", {"GM1876"}),
        ("Rijswijk", {"GM0603"}),
        ("Beek", {"GM0888", "GM1945", "GM1955"}),
        ("Buren", {"GM0060", "GM0214"}),
        ("Rozenburg", {"GM0394", "GM0599"}),
        ("Botlek", {"GM0599"}),
        ("Weesp", {"GM0363"}),
        ("Sneek", {"GM1900"}),
    ],
)
def test_woonplaats_rows(name, codes):
    assert {code for woonplaats, code in WOONPLAATSEN if woonplaats == name} == codes


# --- SBI divisions -----------------------------------------------------------------------------------------

DIVISIONS = _table("sbi_divisions.csv")


def _same_title(title: str) -> str:
    """Title with typographic apostrophes and the stray space after '(' of the KvK list evened out."""
    return re.sub(r"\(\s+", "(", title).replace("´", "'").replace("’", "'")


def test_sbi_divisions_shape():
    codes = [row["code"] for row in DIVISIONS]
    assert len(codes) == 86
    assert codes == sorted(set(codes))
    assert all(re.fullmatch(r"\d\d", code) for code in codes)
    assert not {"04", "05", "07", "34", "40", "44", "48", "54", "57", "67", "76", "83", "89"} & set(codes)
    sections = {row["code"] for row in _table("sbi_sections.csv")}
    assert {row["section"] for row in DIVISIONS} == sections, "every section A-U has a division"
    by_code = {row["code"]: row for row in DIVISIONS}
    assert (by_code["62"]["section"], by_code["86"]["section"], by_code["85"]["name"]) == ("J", "Q", "Onderwijs")


def test_sbi_divisions_match_kvk_titles_and_sections():
    kvk = {row["sbi_code_txt"]: row for row in _refdata("sbi/kvk_sbi_key.csv") if row["sbi_code_type"] == "main"}
    ours = {row["code"]: row for row in DIVISIONS}
    assert set(ours) == set(kvk)
    for code, row in ours.items():
        assert row["section"] == kvk[code]["afdeling"], row
        assert _same_title(row["name"]) == _same_title(kvk[code]["sbi_omschrijving"]), row


# --- ISCO-08 -----------------------------------------------------------------------------------------------

ISCO = _table("isco_groups.csv")


def test_isco_groups_levels_and_parents():
    codes = [row["code"] for row in ISCO]
    assert len(codes) == 619
    assert codes == sorted(set(codes))
    assert Counter(row["level"] for row in ISCO) == {"1": 10, "2": 43, "3": 130, "4": 436}
    known = set(codes)
    for row in ISCO:
        assert re.fullmatch(r"\d{1,4}", row["code"]) and row["name"], row
        assert int(row["level"]) == len(row["code"]), row
        assert row["parent"] == row["code"][:-1], row
        assert row["parent"] == "" or row["parent"] in known, row
    assert {row["parent"] for row in ISCO if row["level"] != "4"} - {""} < known
    assert all(any(c.startswith(code) and c != code for c in codes) for code in codes if len(code) < 4)


def test_isco_groups_match_esco_codes_and_dutch_names():
    esco = {row["code"]: row["preferredLabel"] for row in _refdata("esco-nl/v1.2.0/ISCOGroups_nl.csv")}
    assert {row["code"]: row["name"] for row in ISCO} == esco


# --- education levels --------------------------------------------------------------------------------------

EDUCATION = _table("education_levels.csv")
EMITTED = {"none_required", "MBO 1", "MBO 2", "MBO 3", "MBO 4", "MBO", "HBO", "post-HBO", "WO"}


def test_education_levels_are_the_codes_the_nlp_emits_in_their_order():
    assert [row["code"] for row in sorted(EDUCATION, key=lambda row: int(row["sort"]))] == list(LEVELS)
    assert set(LEVELS) == EMITTED
    samples = "mbo-niveau 1|MBO 2|mbo niveau 3|MBO-4 diploma|mbo|hbo werk- en denkniveau|bachelor|post-hbo|wo|master"
    samples += "|universitair|geen opleiding vereist"
    assert {normalise_education_level(text) for text in samples.split("|")} == EMITTED


def test_education_levels_nlqf_and_sort():
    sort = [int(row["sort"]) for row in EDUCATION]
    assert sort == sorted(set(sort))
    nlqf = {row["code"]: row["nlqf"] for row in EDUCATION}
    expected = {"MBO 1": "1", "MBO 2": "2", "MBO 3": "3", "MBO 4": "4", "HBO": "6", "WO": "7"}
    assert {code: nlqf[code] for code in expected} == expected
    known = [int(row["nlqf"]) for row in EDUCATION if row["nlqf"]]
    assert known == sorted(known), "NLQF levels rise with the sort order"
    assert "associate degree" in {row["code"]: row["name"] for row in EDUCATION}["HBO"].lower()
