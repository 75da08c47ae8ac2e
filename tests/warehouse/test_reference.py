"""Tests of warehouse/reference: place names resolve to gemeenten; region groupings come from configuration.
(The compiled tables' content is checked against CBS in test_reference_tables.py.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from warehouse.db import init_warehouse, make_engine, session_maker
from warehouse.models import EducationLevel, IscoGroup, Region, RegionMembership, SbiDivision
from warehouse.reference import BadGroupings, normalise_place, region_levels, resolve_gemeente


@pytest.mark.parametrize(
    ("place", "code"),
    [
        ("Amsterdam", "GM0363"),
        ("Den Haag", "GM0518"),
        ("'s-Gravenhage", "GM0518"),
        ("Hengelo", "GM0164"),  # the gemeente, not the village Hengelo (Gld) in Bronckhorst
        ("Hengelo (Gld)", "GM1876"),
        ("hoofddorp", "GM0394"),
        ("  Capelle aan den IJssel ", "GM0502"),
        ("Bergen", None),  # Bergen (L.) or Bergen (NH.): ambiguous, left unresolved
        ("Bergen (NH)", "GM0373"),
        ("Súdwest-Fryslân", "GM1900"),
        ("Atlantis", None),
        (None, None),
    ],
)
def test_place_names_resolve_to_gemeenten(place, code):
    assert resolve_gemeente(place) == code


def test_normalise_place_drops_accents_and_cbs_suffixes():
    assert normalise_place("Rijswijk (ZH.)") == normalise_place("RIJSWIJK") == "rijswijk"
    assert normalise_place("Rijswijk (ZH.)", keep_suffix=True) == "rijswijk zh"
    assert normalise_place("Súdwest-Fryslân") == "sudwest-fryslan"


def test_bundled_groupings_and_dimensions_are_loaded(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'w.sqlite'}")
    init_warehouse(engine)
    with session_maker(engine)() as session:
        brainport = session.scalars(
            select(RegionMembership.gemeente_code).where(RegionMembership.region_code == "RG-BRAINPORT")
        ).all()
        assert len(brainport) == 21 and "GM0772" in brainport  # Eindhoven
        assert region_levels(session) == ["regio"]
        assert session.get(SbiDivision, "86").section_code == "Q"
        assert session.get(IscoGroup, "2221").parent_code == "222"
        assert session.get(EducationLevel, "MBO 4").nlqf == 4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("groupings: [{code: X1, name: X, gemeenten: [Atlantis]}]", "(X1): gemeenten: unknown gemeente 'Atlantis'"),
        ("groupings: [{code: AM18, name: X, gemeenten: [Ede]}]", "grouping 1 (AM18): code: 'AM18' is already in use"),
        ("groupings: [{code: X1, name: X, level: provincie, gemeenten: [Amsterdam]}]", "groupings.0.level"),
        ("groupings: [{code: X1, name: X, gemeenten: []}]", "groupings.0.gemeenten"),
        ("groupings: [{code: X1, naam: X, gemeenten: [Ede]}]", "groupings.0.name"),
        ("groupings: [unclosed", "not valid YAML"),
    ],
)  # fmt: skip
def test_bad_groupings_files_name_the_entry_and_field(tmp_path, text, message):
    path = tmp_path / "groupings.yaml"
    path.write_text(text, encoding="utf-8")
    engine = make_engine(f"sqlite:///{tmp_path / 'w.sqlite'}")
    with pytest.raises(BadGroupings, match=r"groupings\.yaml") as error:
        init_warehouse(engine, path)
    assert message in str(error.value)
    with session_maker(engine)() as session:  # nothing of the file was stored
        assert session.scalar(select(Region).where(Region.code == "X1")) is None
