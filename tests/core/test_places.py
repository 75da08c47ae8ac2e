"""Tests of core/dutch/places.py: place names resolve to gemeenten; location fields are parsed; a free text's
places are found where the text says they are places, and the job's place is never the company's address."""

from __future__ import annotations

import pytest

from core.dutch.places import (
    find_places,
    gemeente_places,
    job_place,
    normalise_place,
    parse_place,
    parse_postcode,
    resolve_gemeente,
)


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


@pytest.mark.parametrize(
    ("raw", "place", "postcode"),
    [
        ("2521 CV Den Haag", "Den Haag", "2521 CV"),
        ("Capelle aan den IJssel", "Capelle aan den IJssel", None),
        ("Hoofddorp, Noord-Holland", "Hoofddorp", None),
        ("Industrieweg 12, 7575EJ Oldenzaal", "Oldenzaal", "7575 EJ"),
    ],
)
def test_location_parts(raw, place, postcode):
    assert parse_place(raw) == place
    assert parse_postcode(raw) == postcode


def places_of(text: str, title: str = "Vacature") -> list[tuple[str, str | None, str]]:
    found = find_places(f"{title}\n{text}", headline_end=len(title))
    return [(p.text, p.gemeente_code or p.scope, p.method) for p in found]


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("Standplaats: Tilburg", "Vacature", [("Tilburg", "GM0855", "label")]),
        ("Werklocatie: Den Bosch", "Vacature", [("Den Bosch", "GM0796", "label")]),
        ("Wij zoeken", "Monteur (Enter)", [("Enter", "GM0189", "title")]),
        ("Wij zoeken", "Logistiek medewerker Best", [("Best", "GM0753", "title")]),
        (
            "Wij zoeken",
            "Developer bij Zig (Huizen/Amersfoort)",
            [("Huizen", "GM0406", "title"), ("Amersfoort", "GM0307", "title")],
        ),
        ("Je werkt in de regio Eindhoven.", "Vacature", [("Eindhoven", "GM0772", "area")]),
        ("Werkgebied: Zwolle en omgeving", "Vacature", [("Zwolle", "GM0193", "label")]),
        ("Voor projecten rondom Apeldoorn.", "Vacature", [("Apeldoorn", "GM0200", "area")]),
        ("Onze cursussen in de Haagse regio.", "Cursus", [("Haagse", "GM0518", "area")]),
        ("Ons kantoor is gevestigd in Purmerend.", "Vacature", [("Purmerend", "GM0439", "context")]),
        ("Je werkt vanuit onze vestiging te Son.", "Vacature", [("Son", "GM0848", "context")]),
        ("De klus is in Amsterdam-Zuidoost.", "Vacature", [("Amsterdam-Zuidoost", "GM0363", "context")]),
        ("FULLTIME · STEENBERGEN\nWat ga je doen", "Vacature", [("STEENBERGEN", "GM0851", "line")]),
        ("Fulltime\nBurdaard\nErvaren glaszetter", "Vacature", [("Burdaard", "GM1970", "line")]),
        ("Parttime · Hengelo, Twente · Vast", "Vacature", [("Hengelo", "GM0164", "line")]),
        ("- Tiel & omgeving\n- SKJ vereist", "Vacature", [("Tiel", "GM0281", "area")]),
        ("Hartje Haarlem\n\nWij zoeken", "Vacature", [("Haarlem", "GM0392", "context")]),
        ("In Zwolle begin je om acht uur.", "Vacature", [("Zwolle", "GM0193", "context")]),
        # A label as a heading: the venue paragraph below it, a street address included, is where the course is.
        (
            "Cursuslocatie\n\nWij geven de les in het wijkcentrum, Dorpsstraat 5, Houten, 3991AB.\n\nPrijs",
            "Cursus",
            [("Houten", "GM0321", "label")],
        ),
        ("Waar?\nIn de sporthal van Gouda.", "Cursus", [("Gouda", "GM0513", "label")]),
        (
            "Vestigingen in Tilburg, Breda en Venlo.",
            "Vacature",
            [("Tilburg", "GM0855", "context"), ("Breda", "GM0758", "list"), ("Venlo", "GM0983", "list")],
        ),
    ],
)
def test_places_are_found_where_the_text_says_they_are_places(text, title, expected):
    assert places_of(text, title) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Een goede sfeer. Een mooi salaris.",  # Een is a village in Noordenveld
        "- Leiden en begeleiden van een team",
        "Bel Anne van der Velden voor vragen.",
        "Druk op Enter om te beginnen. Best regards.",
        "Onze buren helpen mee. Son of a gun.",
        "Klanten als Stedelijk Museum Amsterdam en MBO Utrecht.",
        "Isolatie Service Nederland is een groeiend bedrijf.",
    ],
)
def test_names_that_are_words_people_or_organisations_are_no_places(text):
    assert places_of(text) == []


def test_the_company_address_is_found_but_is_never_the_job_place():
    text = "Standplaats: Breda\nSolliciteer per post: De Bresser B.V., Energieweg 25, 3133 EC Vlaardingen"
    places = find_places(text)
    assert [(p.text, p.method) for p in places] == [("Breda", "label"), ("Vlaardingen", "address")]
    assert job_place(places).text == "Breda"
    assert job_place(find_places("Postbus 12, 5000 AA Tilburg")) is None


def test_the_job_place_is_labelled_then_in_the_title_then_first_in_the_text():
    text = "Developer (Utrecht)\nOns team zit in Leiden.\nStandplaats: Tilburg of Breda"
    assert [p.text for p in gemeente_places(find_places(text, headline_end=19))] == [
        "Tilburg",
        "Breda",
        "Utrecht",
        "Leiden",
    ]
    assert job_place(find_places("Developer (Utrecht)\nOns team zit in Leiden.", headline_end=19)).text == "Utrecht"


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("Wij werken door heel Nederland.", "national"),
        ("Landelijke dekking, dus altijd een cursus in de buurt.", "national"),
        ("Je werkt op verschillende locaties in Nederland.", "national"),
        ("Deels thuiswerken is mogelijk.", "remote"),
        ("Je kunt ook vanuit huis werken.", "remote"),
        ("Je krijgt de ruimte om thuis te werken.", "remote"),
        ("De praktijkdagen zijn op een van onze locaties in Nederland.", "national"),
        ("Tussendoor oefen je in de online leeromgeving.", "online"),
        ("Soms werken zij thuis, soms op kantoor.", "remote"),
        ("Deze cursus is ook online te volgen.", "online"),
        ("De training via Zoom.", "online"),
        ("Een e-learning met toets.", "online"),
        ("Wij rijden ook in België en Duitsland.", "abroad"),
    ],
)
def test_scopes(text, scope):
    assert [found for _text, found, _method in places_of(text)] == [scope]
