"""The city gazetteer behind `is_known_city` (resources/places/cities.tsv)."""

from __future__ import annotations

import pytest

from analysis.resume.places import CITIES_FILE, city_country, city_key, is_known_city, region_of


@pytest.mark.parametrize("name", ["Nagpur", "Dewas", "Mysuru", "Ujjain", "Leeds", "Wrocław"])
def test_mid_sized_cities_are_known(name: str) -> None:
    assert is_known_city(name)


@pytest.mark.parametrize("name", ["Mysore", "Bombay", "Madras", "Calcutta", "Peking"])
def test_common_older_names_of_large_cities_are_known(name: str) -> None:
    assert is_known_city(name)


@pytest.mark.parametrize(
    "name", ["DEWAS", "nagpur", " Mysore, ", "(Pune)", "Sao Paulo", "SÃO PAULO"]
)
def test_case_accents_and_surrounding_punctuation_do_not_matter(name: str) -> None:
    assert is_known_city(name)


@pytest.mark.parametrize("name", ["Reading", "Orange", "Mobile", "Bath", "Nice", "Toyota"])
def test_cities_named_like_words_or_employers_are_not_taken_for_places(name: str) -> None:
    assert not is_known_city(name)


@pytest.mark.parametrize("name", ["Software Engineer", "Infosys", "Present", "", " - "])
def test_titles_employers_and_empty_pieces_are_not_cities(name: str) -> None:
    assert not is_known_city(name)


def test_region_of_does_not_use_the_large_city_list() -> None:
    assert is_known_city("Nagpur")
    assert region_of("Nagpur") is None


def test_city_key_folds_spellings_together() -> None:
    assert city_key("Saint-Étienne") == city_key("saint etienne")
    assert city_key("Łódź") == "lodz"


def test_city_file_names_geonames_and_its_licence_in_its_header() -> None:
    header = CITIES_FILE.read_text(encoding="utf-8").splitlines()[:10]
    comments = " ".join(line for line in header if line.startswith("#"))
    assert "GeoNames" in comments
    assert "CC BY 4.0" in comments


def test_city_file_stays_small_and_well_formed() -> None:
    assert CITIES_FILE.stat().st_size < 280_000
    rows = [
        line.split("\t")
        for line in CITIES_FILE.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    assert all(len(row) == 2 and len(row[1]) == 2 and row[0] == row[0].lower() for row in rows)
    names = [name for name, _ in rows]
    assert names == sorted(names)  # by name; the countries of one name by city size


def test_a_city_name_in_several_countries_belongs_to_its_largest_city() -> None:
    assert city_country("London") == "GB" and city_country("Hyderabad") == "IN"
    assert city_country("Nowhereville") is None
