"""Render the demo websites from the content files into static folders, one per site, as they look on one day
(``timeline.py``).

- ``board-a``: vacancy board with paginated listings, schema.org ``JobPosting`` JSON-LD, robots.txt, sitemap.
- ``site-b``: vacancy site with plain HTML pages (no structured data), for selector extraction.
- ``provider-c``: training provider with schema.org ``Course`` JSON-LD pages listed in a sitemap.
- ``provider-d``: training provider with a plain HTML course catalogue.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from crawlers.processors import DUTCH_MONTHS

from .timeline import courses_on, vacancies_on

CONTENT_DIR = Path(__file__).parent / "content"
TEMPLATE_DIR = Path(__file__).parent / "templates"
SITES = ("board-a", "site-b", "provider-c", "provider-d")
SITE_NAMES = {
    "board-a": "WerkRadar Vacaturebank",
    "site-b": "Vakmensen Online",
    "provider-c": "Vakacademie Nederland",
    "provider-d": "ROC Rivierland Contractonderwijs",
}
BOARD_A_PAGE_SIZE = 8
SITE_B_PAGE_SIZE = 20
_MONTH_NAMES: dict[int, str] = {}
for _name, _number in DUTCH_MONTHS.items():  # full names come first in DUTCH_MONTHS
    _MONTH_NAMES.setdefault(_number, _name)
_BOARD_A_HEADINGS = {
    "tasks": "Wat ga je doen?", "requirements": "Wat vragen wij?", "nice_to_have": "Pluspunten",
    "offer": "Wat bieden wij?",
}  # fmt: skip
_SITE_B_HEADINGS = {
    "tasks": "Werkzaamheden", "requirements": "Functie-eisen", "nice_to_have": "Is een pré",
    "offer": "Arbeidsvoorwaarden",
}  # fmt: skip


_Renderer = Callable[[Environment, Path, str, list[dict[str, Any]]], None]
"""Writes one site's pages for the content online that day: (env, site folder, base URL, entries)."""


def load_content(name: str) -> list[dict[str, Any]]:
    """Entries of a content file, e.g. ``load_content("board_a_vacancies")``."""
    return yaml.safe_load((CONTENT_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def render_sites(out_dir: Path, base_urls: dict[str, str], today: dt.date, day: int = 0) -> None:
    """Write every site to ``out_dir/<site>/`` as it is ``day`` days from the demo's ``today`` (earlier pages are
    removed); ``base_urls`` gives each site's ``http://host:port``."""
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(["html"]))
    renderers: dict[
        str, tuple[Callable[[Environment, Path, str, list[dict[str, Any]]], None], list[dict[str, Any]]]
    ] = {
        "board-a": (_render_board_a, vacancies_on(load_content("board_a_vacancies"), today, day)),
        "site-b": (_render_site_b, vacancies_on(load_content("site_b_vacancies"), today, day)),
        "provider-c": (_render_provider_c, courses_on(load_content("provider_c_courses"), today, day)),
        "provider-d": (_render_provider_d, courses_on(load_content("provider_d_courses"), today, day)),
    }
    for site, (render, entries) in renderers.items():
        site_dir = out_dir / site
        if site_dir.exists():
            shutil.rmtree(site_dir)
        site_dir.mkdir(parents=True)
        env.globals["site_name"] = SITE_NAMES[site]
        render(env, site_dir, base_urls[site], entries)


def dutch_date(value: dt.date) -> str:
    """``14 oktober 2026``."""
    return f"{value.day} {_MONTH_NAMES[value.month]} {value.year}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _sitemap(urls: list[str]) -> str:
    entries = "".join(f"<url><loc>{url}</loc></url>\n" for url in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</urlset>\n'
    )


def _robots(base_url: str, *, sitemap: bool) -> str:
    lines = ["User-agent: *", "Disallow: /solliciteer/", "Disallow: /aanmelden/"]
    if sitemap:
        lines.append(f"Sitemap: {base_url}/sitemap.xml")
    return "\n".join(lines) + "\n"


def _render_board_a(env: Environment, site_dir: Path, base_url: str, vacancies: list[dict[str, Any]]) -> None:
    for v in vacancies:
        v["slug"] = f"{_slug(v['title'])}-{v['id'].lower()}"
    body_template, detail = env.get_template("vacancy_body.html"), env.get_template("board_a/vacancy.html")
    for v in vacancies:
        body = Markup(body_template.render(v=v, headings=_BOARD_A_HEADINGS))
        _write(site_dir / "vacature" / f"{v['slug']}.html", detail.render(v=v, body=body, jsonld=_job_posting(v, body)))
    pages = max(1, -(-len(vacancies) // BOARD_A_PAGE_SIZE))

    def page_url(page: int) -> str:
        return "/vacatures/" if page == 1 else f"/vacatures/pagina-{page}.html"

    listing = env.get_template("board_a/listing.html")
    for page in range(1, pages + 1):
        chunk = vacancies[(page - 1) * BOARD_A_PAGE_SIZE : page * BOARD_A_PAGE_SIZE]
        html = listing.render(vacancies=chunk, page=page, pages=pages, total=len(vacancies), page_url=page_url)
        _write(site_dir / page_url(page).strip("/") / ("index.html" if page == 1 else ""), html)
    _write(site_dir / "robots.txt", _robots(base_url, sitemap=True))
    _write(site_dir / "sitemap.xml", _sitemap([f"{base_url}/vacature/{v['slug']}.html" for v in vacancies]))
    _write(site_dir / "index.html", '<meta http-equiv="refresh" content="0; url=/vacatures/">')


def _job_posting(v: dict[str, Any], body: str) -> dict[str, Any]:
    posting: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": v["title"],
        "identifier": {"@type": "PropertyValue", "name": "WerkRadar", "value": v["id"]},
        "description": str(body),
        "datePosted": v["date_posted"].isoformat(),
        "validThrough": f"{v['valid_through'].isoformat()}T23:59:59+01:00",
        "employmentType": v["employment_type"],
        "industry": v["category"],
        "workHours": v["hours"],
        "educationRequirements": {"@type": "EducationalOccupationalCredential", "credentialCategory": v["education"]},
        "hiringOrganization": {"@type": "Organization", "name": v["employer"]},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": v["place"],
                "postalCode": v.get("postcode"),
                "addressCountry": "NL",
            },
        },
    }
    if salary := v.get("salary"):
        posting["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": "EUR",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": salary["min"],
                "maxValue": salary["max"],
                "unitText": salary["period"],
            },
        }
    return posting


def _salary_text(salary: dict[str, Any] | None) -> str | None:
    if not salary:
        return None
    unit = {"HOUR": "per uur", "MONTH": "per maand", "YEAR": "per jaar"}[salary["period"]]

    def euro(amount: float) -> str:
        text = f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
        return text.removesuffix(",00")

    return f"€ {euro(salary['min'])} - € {euro(salary['max'])} bruto {unit}"


def _render_site_b(env: Environment, site_dir: Path, base_url: str, vacancies: list[dict[str, Any]]) -> None:
    body_template, detail = env.get_template("vacancy_body.html"), env.get_template("site_b/vacancy.html")
    for v in vacancies:
        html = detail.render(
            v=v,
            body=Markup(body_template.render(v=v, headings=_SITE_B_HEADINGS)),
            salary_text=_salary_text(v.get("salary")),
            posted_text=dutch_date(v["date_posted"]),
            closing_text=dutch_date(v["valid_through"]),
        )
        _write(site_dir / "job" / v["id"].lower() / "index.html", html)
    listing = env.get_template("site_b/listing.html")
    chunks = [vacancies[i : i + SITE_B_PAGE_SIZE] for i in range(0, len(vacancies), SITE_B_PAGE_SIZE)] or [[]]
    for number, chunk in enumerate(chunks, start=1):
        next_url = f"/vacatures/{number + 1}.html" if number < len(chunks) else None
        _write(site_dir / "vacatures" / f"{number}.html", listing.render(vacancies=chunk, next_url=next_url))
    _write(site_dir / "robots.txt", _robots(base_url, sitemap=False))


def _render_provider_c(env: Environment, site_dir: Path, base_url: str, courses: list[dict[str, Any]]) -> None:
    body_template, detail = env.get_template("course_body.html"), env.get_template("provider_c/course.html")
    urls = []
    for c in courses:
        path = f"/opleidingen/{_slug(c['title'])}/"
        body = Markup(body_template.render(c=c))
        _write(site_dir / path.strip("/") / "index.html", detail.render(c=c, body=body, jsonld=_course(c)))
        urls.append(base_url + path)
    _write(site_dir / "index.html", env.get_template("provider_c/home.html").render(courses=courses))
    _write(site_dir / "robots.txt", _robots(base_url, sitemap=True))
    _write(site_dir / "sitemap.xml", _sitemap(urls))


_SCHEMA_MODES = {"online": "online", "klassikaal": "onsite", "blended": "blended", "incompany": "in-company"}


def _course(c: dict[str, Any]) -> dict[str, Any]:
    places = c["places"] or [None]
    instances = [
        {
            "@type": "CourseInstance",
            "courseMode": _SCHEMA_MODES[c["mode"]],
            "startDate": start.isoformat(),
            **(
                {
                    "location": {
                        "@type": "Place",
                        "name": place,
                        "address": {"@type": "PostalAddress", "addressLocality": place},
                    }
                }
                if place
                else {}
            ),
        }
        for start in c["start_dates"]
        for place in places
    ]
    course: dict[str, Any] = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "@id": "#org", "name": SITE_NAMES["provider-c"]},
            {
                "@type": "Course",
                "name": c["title"],
                "courseCode": c["id"],
                "description": " ".join(c["intro"].split()) + "\n\n" + " ".join(c["audience"].split()),
                "provider": {"@type": "Organization", "name": SITE_NAMES["provider-c"]},
                "educationalLevel": c["level"],
                "educationalCredentialAwarded": c["credential"],
                "timeRequired": c["duration"],
                "teaches": c["learning_outcomes"],
                "syllabusSections": [{"@type": "Syllabus", "name": m} for m in c["modules"]],
                "offers": {"@type": "Offer", "price": c["price"], "priceCurrency": "EUR", "category": "Paid"},
                "financialAidEligible": c.get("funding") or [],
                "hasCourseInstance": instances,
            },
        ],
    }
    return course


def _render_provider_d(env: Environment, site_dir: Path, base_url: str, courses: list[dict[str, Any]]) -> None:
    body_template, detail = env.get_template("course_body.html"), env.get_template("provider_d/course.html")
    for c in courses:
        html = detail.render(
            c=c, body=Markup(body_template.render(c=c)), start_texts=[dutch_date(d) for d in c["start_dates"]]
        )
        _write(site_dir / "cursus" / f"{c['id']}.html", html)
    groups: dict[str, list[dict[str, Any]]] = {}
    for c in courses:
        groups.setdefault(c["level"], []).append(c)
    catalogue = env.get_template("provider_d/catalogue.html").render(groups=sorted(groups.items()))
    _write(site_dir / "cursusaanbod" / "index.html", catalogue)
    _write(site_dir / "robots.txt", _robots(base_url, sitemap=False))
