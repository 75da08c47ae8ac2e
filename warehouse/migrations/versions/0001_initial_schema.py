"""Initial schema: sources and crawl runs, regions and sectors, skills, vacancies and offers with their skills
and locations, mismatch results.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "regions",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("level", sa.String(length=30), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_regions")),
    )
    with op.batch_alter_table("regions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_regions_level"), ["level"], unique=False)

    op.create_table(
        "sectors",
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_sectors")),
    )
    op.create_table(
        "skills",
        sa.Column("id", sa.String(length=120), nullable=False, comment="Taxonomy concept id"),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("group", sa.String(length=60), nullable=False),
        sa.Column("esco_uri", sa.String(length=200), nullable=True),
        sa.Column("digital", sa.Boolean(), nullable=False),
        sa.Column("green", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skills")),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False, comment="Source name from the sources file"),
        sa.Column("kind", sa.String(length=20), nullable=False, comment="vacancy or offer"),
        sa.Column("publisher_name", sa.String(length=200), nullable=True),
        sa.Column(
            "publisher_type",
            sa.String(length=40),
            nullable=True,
            comment="job_board, employer_site, staffing_agency, mbo, hbo, wo, private_provider",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("name", name=op.f("uq_sources_name")),
    )
    op.create_table(
        "crawl_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("run_key", sa.String(length=64), nullable=False, comment="Id shared by the sources crawled together"),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False, comment="finished, partial or failed"),
        sa.Column("items_scraped", sa.Integer(), nullable=False),
        sa.Column("items_dropped", sa.Integer(), nullable=False),
        sa.Column("pages_fetched", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("raw_path", sa.String(length=500), nullable=True, comment="Raw items file (JSON lines)"),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_crawl_runs_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_runs")),
    )
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_crawl_runs_source_id"), ["source_id"], unique=False)

    op.create_table(
        "mismatch_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False, comment="Month, YYYY-MM"),
        sa.Column("skill_id", sa.String(length=120), nullable=False),
        sa.Column("sector_code", sa.String(length=4), nullable=False),
        sa.Column("region_code", sa.String(length=20), nullable=False),
        sa.Column(
            "demand",
            sa.Integer(),
            nullable=False,
            comment="Active vacancies in the sector and region asking for the skill",
        ),
        sa.Column(
            "supply", sa.Integer(), nullable=False, comment="Active offers teaching the skill available in the region"
        ),
        sa.Column("ratio", sa.Float(), nullable=True, comment="demand / supply; NULL when supply is 0"),
        sa.Column("gap", sa.Integer(), nullable=False, comment="demand - supply; positive is a shortage"),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_mismatch_results_region_code_regions")
        ),
        sa.ForeignKeyConstraint(
            ["sector_code"], ["sectors.code"], name=op.f("fk_mismatch_results_sector_code_sectors")
        ),
        sa.ForeignKeyConstraint(["skill_id"], ["skills.id"], name=op.f("fk_mismatch_results_skill_id_skills")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mismatch_results")),
        sa.UniqueConstraint(
            "period",
            "skill_id",
            "sector_code",
            "region_code",
            name=op.f("uq_mismatch_results_period_skill_id_sector_code_region_code"),
        ),
    )
    with op.batch_alter_table("mismatch_results", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mismatch_results_region_code"), ["region_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_mismatch_results_skill_id"), ["skill_id"], unique=False)

    op.create_table(
        "offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column(
            "source_key",
            sa.String(length=200),
            nullable=False,
            comment="The provider's own code, else a hash of the URL",
        ),
        sa.Column("url", sa.String(length=1000), nullable=False),
        sa.Column("provider", sa.String(length=300), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=40), nullable=True, comment="MBO 1-4, HBO, post-HBO, WO or none"),
        sa.Column("mode", sa.String(length=20), nullable=True, comment="online, klassikaal, blended or incompany"),
        sa.Column("sector_code", sa.String(length=4), nullable=True),
        sa.Column("price", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("duration_raw", sa.String(length=300), nullable=True),
        sa.Column("study_load_hours", sa.Float(), nullable=True),
        sa.Column("credential", sa.String(length=60), nullable=True),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "closed_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Start of the first complete crawl of the source that no longer found it",
        ),
        sa.Column("content_hash", sa.String(length=64), nullable=False, comment="SHA-256 of the analysed text"),
        sa.Column(
            "text_flags",
            sa.String(length=200),
            nullable=True,
            comment="What was odd about the text: html_removed, truncated, empty, not_dutch, ...",
        ),
        sa.Column(
            "confidence",
            sa.String(length=10),
            nullable=True,
            comment="high: schema.org data or selectors; low: main-text heuristics",
        ),
        sa.ForeignKeyConstraint(["sector_code"], ["sectors.code"], name=op.f("fk_offers_sector_code_sectors")),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_offers_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
        sa.UniqueConstraint("source_id", "source_key", name=op.f("uq_offers_source_id_source_key")),
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offers_sector_code"), ["sector_code"], unique=False)

    op.create_table(
        "region_memberships",
        sa.Column("gemeente_code", sa.String(length=20), nullable=False),
        sa.Column("region_code", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["gemeente_code"], ["regions.code"], name=op.f("fk_region_memberships_gemeente_code_regions")
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_region_memberships_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("gemeente_code", "region_code", name=op.f("pk_region_memberships")),
    )
    with op.batch_alter_table("region_memberships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_region_memberships_region_code"), ["region_code"], unique=False)

    op.create_table(
        "vacancies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column(
            "source_key", sa.String(length=200), nullable=False, comment="The source's own id, else a hash of the URL"
        ),
        sa.Column("url", sa.String(length=1000), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("employer", sa.String(length=300), nullable=True),
        sa.Column("employer_type", sa.String(length=20), nullable=True, comment="direct or agency"),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("location_raw", sa.String(length=300), nullable=True),
        sa.Column("gemeente_code", sa.String(length=20), nullable=True),
        sa.Column("sector_code", sa.String(length=4), nullable=True),
        sa.Column(
            "occupation_id", sa.String(length=80), nullable=True, comment="Occupation id (llo:occ:..., esco-occ:...)"
        ),
        sa.Column("isco_code", sa.String(length=4), nullable=True, comment="ISCO-08 unit group"),
        sa.Column("education_level", sa.String(length=40), nullable=True),
        sa.Column("employment_type", sa.String(length=40), nullable=True),
        sa.Column(
            "contract_type", sa.String(length=20), nullable=True, comment="vast, tijdelijk, uitzend, freelance, stage"
        ),
        sa.Column("hours_min", sa.Float(), nullable=True),
        sa.Column("hours_max", sa.Float(), nullable=True),
        sa.Column("salary_min", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("salary_max", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("salary_period", sa.String(length=10), nullable=True, comment="HOUR, MONTH or YEAR"),
        sa.Column("date_posted", sa.Date(), nullable=True),
        sa.Column("valid_through", sa.Date(), nullable=True),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "closed_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Start of the first complete crawl of the source that no longer found it",
        ),
        sa.Column("content_hash", sa.String(length=64), nullable=False, comment="SHA-256 of the analysed text"),
        sa.Column(
            "text_flags",
            sa.String(length=200),
            nullable=True,
            comment="What was odd about the text: html_removed, truncated, empty, not_dutch, ...",
        ),
        sa.Column(
            "confidence",
            sa.String(length=10),
            nullable=True,
            comment="high: schema.org data or selectors; low: main-text heuristics",
        ),
        sa.ForeignKeyConstraint(["gemeente_code"], ["regions.code"], name=op.f("fk_vacancies_gemeente_code_regions")),
        sa.ForeignKeyConstraint(["sector_code"], ["sectors.code"], name=op.f("fk_vacancies_sector_code_sectors")),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_vacancies_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vacancies")),
        sa.UniqueConstraint("source_id", "source_key", name=op.f("uq_vacancies_source_id_source_key")),
    )
    with op.batch_alter_table("vacancies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vacancies_gemeente_code"), ["gemeente_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_vacancies_isco_code"), ["isco_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_vacancies_sector_code"), ["sector_code"], unique=False)

    op.create_table(
        "offer_locations",
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("gemeente_code", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["gemeente_code"], ["regions.code"], name=op.f("fk_offer_locations_gemeente_code_regions")
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_offer_locations_offer_id_offers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("offer_id", "gemeente_code", name=op.f("pk_offer_locations")),
    )
    with op.batch_alter_table("offer_locations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offer_locations_gemeente_code"), ["gemeente_code"], unique=False)

    op.create_table(
        "offer_skills",
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.String(length=120), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False, comment="How often the text names the skill"),
        sa.Column("matched_text", sa.String(length=300), nullable=False, comment="The first mention as written"),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_offer_skills_offer_id_offers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["skill_id"], ["skills.id"], name=op.f("fk_offer_skills_skill_id_skills")),
        sa.PrimaryKeyConstraint("offer_id", "skill_id", name=op.f("pk_offer_skills")),
    )
    with op.batch_alter_table("offer_skills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offer_skills_skill_id"), ["skill_id"], unique=False)

    op.create_table(
        "vacancy_skills",
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.String(length=120), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False, comment="How often the text names the skill"),
        sa.Column("matched_text", sa.String(length=300), nullable=False, comment="The first mention as written"),
        sa.Column("nice_to_have", sa.Boolean(), nullable=False, comment="Asked as a plus, not as a requirement"),
        sa.ForeignKeyConstraint(["skill_id"], ["skills.id"], name=op.f("fk_vacancy_skills_skill_id_skills")),
        sa.ForeignKeyConstraint(
            ["vacancy_id"], ["vacancies.id"], name=op.f("fk_vacancy_skills_vacancy_id_vacancies"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("vacancy_id", "skill_id", name=op.f("pk_vacancy_skills")),
    )
    with op.batch_alter_table("vacancy_skills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vacancy_skills_skill_id"), ["skill_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("vacancy_skills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vacancy_skills_skill_id"))

    op.drop_table("vacancy_skills")
    with op.batch_alter_table("offer_skills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_skills_skill_id"))

    op.drop_table("offer_skills")
    with op.batch_alter_table("offer_locations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_locations_gemeente_code"))

    op.drop_table("offer_locations")
    with op.batch_alter_table("vacancies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vacancies_sector_code"))
        batch_op.drop_index(batch_op.f("ix_vacancies_isco_code"))
        batch_op.drop_index(batch_op.f("ix_vacancies_gemeente_code"))

    op.drop_table("vacancies")
    with op.batch_alter_table("region_memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_region_memberships_region_code"))

    op.drop_table("region_memberships")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offers_sector_code"))

    op.drop_table("offers")
    with op.batch_alter_table("mismatch_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mismatch_results_skill_id"))
        batch_op.drop_index(batch_op.f("ix_mismatch_results_region_code"))

    op.drop_table("mismatch_results")
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crawl_runs_source_id"))

    op.drop_table("crawl_runs")
    op.drop_table("sources")
    op.drop_table("skills")
    op.drop_table("sectors")
    with op.batch_alter_table("regions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_regions_level"))

    op.drop_table("regions")
