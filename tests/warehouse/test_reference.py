"""Tests of warehouse/reference: the reference dimensions load; region groupings come from configuration.
(The compiled tables' content is checked against CBS in test_reference_tables.py; place names resolving to
gemeenten in tests/core/test_places.py.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from warehouse.db import init_warehouse, make_engine, session_maker
from warehouse.models import EducationLevel, IscoGroup, Region, RegionMembership, SbiDivision
from warehouse.reference import BadGroupings, region_levels


def test_bundled_groupings_and_dimensions_are_loaded(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'w.sqlite'}")
    init_warehouse(engine)
    with session_maker(engine)() as session:
        brainport = session.scalars(
            select(RegionMembership.gemeente_code).where(RegionMembership.region_code == "RG-BRAINPORT")
        ).all()
        assert len(brainport) == 21 and "GM0772" in brainport  # Eindhoven
        assert region_levels(session) == ["grouping"]
        assert session.get(SbiDivision, "86").section_code == "Q"
        assert session.get(IscoGroup, "2221").parent_code == "222"
        assert session.get(EducationLevel, "MBO 4").nlqf == 4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("groupings: [{code: X1, name: X, gemeenten: [Atlantis]}]", "(X1): gemeenten: unknown gemeente 'Atlantis'"),
        ("groupings: [{code: AM18, name: X, gemeenten: [Ede]}]", "grouping 1 (AM18): code: 'AM18' is already in use"),
        ("groupings: [{code: X1, name: X, level: province, gemeenten: [Amsterdam]}]", "groupings.0.level"),
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
