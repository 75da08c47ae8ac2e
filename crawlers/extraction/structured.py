"""``structured`` extraction: schema.org ``JobPosting`` and ``Course``/``EducationalOccupationalProgram``.

extruct reads JSON-LD, microdata and RDFa into one uniform JSON-LD-like shape; this module finds the first
node of the wanted type anywhere in it (top level, arrays, ``@graph``, nested values) and maps its properties
to logical fields.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import extruct
import lxml.html
from itemloaders import ItemLoader
from scrapy.http import TextResponse

from ..items import SalaryPeriod
from .fields import add_field

logger = logging.getLogger(__name__)

TYPES = {"vacancy": {"JobPosting"}, "offer": {"Course", "EducationalOccupationalProgram", "CourseInstance"}}
_SYNTAXES = ["json-ld", "microdata", "rdfa"]
_MARKERS = {"json-ld": "application/ld+json", "microdata": "itemscope", "rdfa": "typeof"}
"""Text a page must contain (lower-cased) for a syntax to be worth parsing."""


def fill(loader: ItemLoader, response: TextResponse, kind: str) -> bool:
    """Fill ``loader`` from the page's structured data; False when no node of the kind is present."""
    node = find_node(response.text, response.url, TYPES[kind])
    if node is None:
        return False
    (_fill_vacancy if kind == "vacancy" else _fill_offer)(loader, node)
    return True


def find_node(html: str, url: str, types: set[str]) -> dict[str, Any] | None:
    """The first structured-data node whose ``@type`` is one of ``types``, JSON-LD first, then microdata, RDFa.

    Syntaxes are read lazily and only when their markers occur in the page: microdata and RDFa parsing cost
    about fifty times more than JSON-LD.
    """
    lowered = html.lower()
    for syntax in _SYNTAXES:
        if _MARKERS[syntax] not in lowered:
            continue
        for node in _walk(read_syntax(html, url, syntax)):
            if _types(node) & types:
                return node
    return None


def read_syntax(html: str, url: str, syntax: str) -> list[Any]:
    """The page's structured data in one syntax; broken blocks are logged with the URL and skipped.

    extruct drops every JSON-LD block of a page when one is malformed, so on failure the JSON-LD blocks are read
    one by one.
    """
    try:
        data = extruct.extract(html, base_url=url, syntaxes=[syntax], uniform=True, errors="strict")[syntax]
        return compact_rdfa(data) if syntax == "rdfa" else data
    except Exception as exc:  # extruct raises whatever its parsers raise
        if syntax != "json-ld":
            logger.warning("Skipped broken %s on %s: %s", syntax, url, exc)
            return []
    try:
        scripts = lxml.html.fromstring(html).xpath('//script[@type="application/ld+json"]')
    except (ValueError, lxml.etree.ParserError):
        return []
    readable: list[Any] = []
    for number, script in enumerate(scripts, start=1):
        block = f"<html><head>{lxml.html.tostring(script, encoding='unicode')}</head></html>"
        try:
            readable += extruct.extract(block, base_url=url, syntaxes=["json-ld"], errors="strict")["json-ld"]
        except Exception as exc:
            logger.warning("Skipped broken JSON-LD block %d on %s: %s", number, url, exc)
    return readable


_SALARY_UNITS = {period.name: period for period in SalaryPeriod}
"""schema.org's ``unitText`` of a salary (``MONTH``) → its period: the members are named after them."""
_SCHEMA_ORG = ("https://schema.org/", "http://schema.org/")


def compact_rdfa(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """RDFa comes out of extruct as expanded JSON-LD (full IRIs, ``@value`` lists, ``@id`` references); give it
    the compact schema.org shape JSON-LD and microdata have, with referenced nodes nested.

    >>> course = compact_rdfa([{"@id": "_:a", "@type": ["https://schema.org/Course"],
    ...   "https://schema.org/name": [{"@value": "Excel"}], "https://schema.org/provider": [{"@id": "_:b"}]},
    ...  {"@id": "_:b", "https://schema.org/name": [{"@value": "Academie"}]}])[0]
    >>> course["@type"], course["name"], course["provider"]
    ('https://schema.org/Course', 'Excel', {'@id': '_:b', 'name': 'Academie'})
    """
    by_id = {node["@id"]: node for node in nodes if "@id" in node}

    def compact(node: dict[str, Any], depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in node.items():
            if key.startswith(_SCHEMA_ORG):
                key = key.rsplit("/", 1)[-1]
            elif not key.startswith("@"):
                continue  # other vocabularies
            values = []
            for element in value if isinstance(value, list) else [value]:
                if isinstance(element, dict) and "@value" in element:
                    element = element["@value"]
                elif isinstance(element, dict) and set(element) == {"@id"} and element["@id"] in by_id and depth < 4:
                    element = compact(by_id[element["@id"]], depth + 1)
                values.append(element)
            result[key] = values[0] if len(values) == 1 else values
        return result

    return [compact(node, 0) for node in nodes]


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for element in value:
            yield from _walk(element)
    elif isinstance(value, dict):
        yield value
        for child in value.values():
            if isinstance(child, dict | list):
                yield from _walk(child)


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type", [])
    names = value if isinstance(value, list) else [value]
    return {str(name).rsplit("/", 1)[-1] for name in names}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _name(value: Any) -> str | None:
    """Text of a property that may be a string, a node with a name, or a list of either."""
    for element in _as_list(value):
        if isinstance(element, dict):
            element = element.get("name") or element.get("@value") or element.get("value")
        if element not in (None, ""):
            return str(element)
    return None


def _identifier(value: Any) -> str | None:
    """An identifier: a string, or a ``PropertyValue`` whose ``value`` is the id (its ``name`` is the scheme)."""
    for element in _as_list(value):
        if isinstance(element, dict):
            element = element.get("value") or element.get("@id")
        if element not in (None, ""):
            return str(element)
    return None


def _fill_vacancy(loader: ItemLoader, node: dict[str, Any]) -> None:
    add_field(loader, "title", _name(node.get("title")) or _name(node.get("name")))
    add_field(loader, "employer", _name(node.get("hiringOrganization")))
    add_field(loader, "description", _name(node.get("description")))
    add_field(loader, "category", _name(node.get("industry")) or _name(node.get("occupationalCategory")))
    add_field(loader, "source_id", _identifier(node.get("identifier")))
    add_field(loader, "date_posted", _name(node.get("datePosted")))
    add_field(loader, "valid_through", _name(node.get("validThrough")))
    add_field(loader, "employment_type", _name(node.get("employmentType")))
    add_field(loader, "hours", _name(node.get("workHours")))
    education = node.get("educationRequirements")
    if isinstance(education, dict):
        education = education.get("credentialCategory") or education.get("name")
    add_field(loader, "education", _name(education))
    for location in _as_list(node.get("jobLocation"))[:1]:
        address = location.get("address", {}) if isinstance(location, dict) else {}
        if isinstance(address, dict):
            parts = [address.get("postalCode"), address.get("addressLocality")]
            add_field(loader, "location", " ".join(str(p) for p in parts if p) or None)
        else:
            add_field(loader, "location", _name(address))
    _add_salary(loader, node.get("baseSalary"))


def _add_salary(loader: ItemLoader, salary: Any) -> None:
    if isinstance(salary, dict) and isinstance(salary.get("value"), dict):
        value = salary["value"]
        low = value.get("minValue", value.get("value"))
        high = value.get("maxValue", low)
        unit = str(value.get("unitText") or "").upper() or None
        loader.add_value("salary_raw", f"{low}-{high} {salary.get('currency', '')} per {unit}".strip())
        loader.add_value("salary_min", low)
        loader.add_value("salary_max", high)
        # Another unit than schema.org's HOUR, DAY, WEEK, MONTH and YEAR is kept in salary_raw only.
        loader.add_value("salary_period", _SALARY_UNITS.get(unit or ""))
    elif salary is not None:
        add_field(loader, "salary", _name(salary))


def _fill_offer(loader: ItemLoader, node: dict[str, Any]) -> None:
    if "CourseInstance" in _types(node):  # a page about one run of a course: the course is its instanceOf
        instance_of = node.get("instanceOf")
        course = instance_of if isinstance(instance_of, dict) else {}
        node = {**course, **{k: v for k, v in node.items() if k != "@type"}, "hasCourseInstance": [node]}
    add_field(loader, "title", _name(node.get("name")))
    add_field(loader, "provider", _name(node.get("provider")))
    add_field(loader, "source_id", _name(node.get("courseCode")) or _identifier(node.get("identifier")))
    add_field(loader, "level", _name(node.get("educationalLevel")))
    add_field(loader, "credential", _name(node.get("educationalCredentialAwarded")))
    add_field(loader, "category", _name(node.get("about")))
    add_field(loader, "duration", _name(node.get("timeRequired")) or _name(node.get("timeToComplete")))
    add_field(loader, "description", _description(node))
    for funding in _as_list(node.get("financialAidEligible")):
        add_field(loader, "funding", _name(funding))
    for offer in _as_list(node.get("offers"))[:1]:
        if isinstance(offer, dict):
            add_field(loader, "price", _name(offer.get("price")))
    add_field(loader, "mode", _name(node.get("educationalProgramMode")))
    for instance in _as_list(node.get("hasCourseInstance")):
        if not isinstance(instance, dict):
            continue
        for mode in _as_list(instance.get("courseMode")):
            add_field(loader, "mode", _name(mode))
        add_field(loader, "start_dates", _name(instance.get("startDate")))
        for place in _as_list(instance.get("location")):
            address = place.get("address") if isinstance(place, dict) else None
            locality = address.get("addressLocality") if isinstance(address, dict) else None
            add_field(loader, "locations", locality or _name(place))


def _description(node: dict[str, Any]) -> str | None:
    """Description plus what the course teaches and its syllabus, as HTML for the description cleaner."""
    parts = [str(node["description"])] if node.get("description") else []
    teaches = [_name(t) for t in _as_list(node.get("teaches"))]
    if teaches := [t for t in teaches if t]:
        parts.append("<h3>Leerdoelen</h3><ul>" + "".join(f"<li>{t}</li>" for t in teaches) + "</ul>")
    sections = [_name(s) for s in _as_list(node.get("syllabusSections"))]
    if sections := [s for s in sections if s]:
        parts.append("<h3>Inhoud</h3><ul>" + "".join(f"<li>{s}</li>" for s in sections) + "</ul>")
    return "\n".join(parts) or None
