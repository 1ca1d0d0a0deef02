"""A small gazetteer: countries, US and Indian states, Canadian provinces and large
cities, each with the ISO region code phone numbers are parsed under. It serves to
recognise a "City, Region" location and to guess the default phone region."""

from __future__ import annotations

COUNTRIES: dict[str, str] = {
    "united states": "US", "usa": "US", "u.s.a.": "US", "us": "US",
    "united states of america": "US",
    "united kingdom": "GB", "uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "great britain": "GB", "ireland": "IE", "india": "IN", "canada": "CA", "australia": "AU",
    "new zealand": "NZ", "germany": "DE", "france": "FR", "spain": "ES", "italy": "IT",
    "portugal": "PT", "netherlands": "NL", "the netherlands": "NL", "belgium": "BE",
    "switzerland": "CH", "austria": "AT", "poland": "PL", "sweden": "SE", "norway": "NO",
    "denmark": "DK", "finland": "FI", "czech republic": "CZ", "czechia": "CZ", "greece": "GR",
    "romania": "RO", "hungary": "HU", "ukraine": "UA", "russia": "RU", "turkey": "TR",
    "israel": "IL", "uae": "AE", "united arab emirates": "AE", "saudi arabia": "SA",
    "qatar": "QA", "kuwait": "KW", "oman": "OM", "bahrain": "BH", "egypt": "EG",
    "south africa": "ZA", "nigeria": "NG", "kenya": "KE", "ghana": "GH", "morocco": "MA",
    "pakistan": "PK", "bangladesh": "BD", "sri lanka": "LK", "nepal": "NP", "china": "CN",
    "hong kong": "HK", "taiwan": "TW", "japan": "JP", "south korea": "KR", "korea": "KR",
    "singapore": "SG", "malaysia": "MY", "indonesia": "ID", "philippines": "PH",
    "thailand": "TH", "vietnam": "VN", "mexico": "MX", "brazil": "BR", "argentina": "AR",
    "chile": "CL", "colombia": "CO", "peru": "PE",
}  # fmt: skip

US_STATES: dict[str, str] = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "florida": "FL", "georgia": "GA",
    "hawaii": "HI", "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA",
    "kansas": "KS", "kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD",
    "massachusetts": "MA", "michigan": "MI", "minnesota": "MN", "mississippi": "MS",
    "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
    "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY",
    "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK",
    "oregon": "OR", "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC",
    "south dakota": "SD", "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT",
    "virginia": "VA", "washington": "WA", "west virginia": "WV", "wisconsin": "WI",
    "wyoming": "WY", "district of columbia": "DC",
}  # fmt: skip
US_STATE_CODES = set(US_STATES.values())

INDIAN_STATES = {
    "andhra pradesh", "arunachal pradesh", "assam", "bihar", "chhattisgarh", "goa", "gujarat",
    "haryana", "himachal pradesh", "jharkhand", "karnataka", "kerala", "madhya pradesh",
    "maharashtra", "manipur", "meghalaya", "mizoram", "nagaland", "odisha", "orissa", "punjab",
    "rajasthan", "sikkim", "tamil nadu", "telangana", "tripura", "uttar pradesh",
    "uttarakhand", "west bengal", "delhi", "new delhi", "jammu and kashmir", "chandigarh",
    "puducherry", "pondicherry",
}  # fmt: skip

CANADIAN_PROVINCES = {
    "ontario", "quebec", "british columbia", "alberta", "manitoba", "saskatchewan",
    "nova scotia", "new brunswick", "newfoundland", "prince edward island",
}  # fmt: skip

CITIES: dict[str, str] = {
    "bangalore": "IN", "bengaluru": "IN", "mumbai": "IN", "pune": "IN", "hyderabad": "IN",
    "chennai": "IN", "kolkata": "IN", "delhi": "IN", "new delhi": "IN", "noida": "IN",
    "gurgaon": "IN", "gurugram": "IN", "ahmedabad": "IN", "kochi": "IN", "jaipur": "IN",
    "london": "GB", "manchester": "GB", "birmingham": "GB", "edinburgh": "GB", "glasgow": "GB",
    "dublin": "IE", "paris": "FR", "berlin": "DE", "munich": "DE", "hamburg": "DE",
    "madrid": "ES", "barcelona": "ES", "rome": "IT", "milan": "IT", "amsterdam": "NL",
    "lisbon": "PT", "warsaw": "PL", "vienna": "AT", "zurich": "CH", "stockholm": "SE",
    "toronto": "CA", "vancouver": "CA", "montreal": "CA", "sydney": "AU", "melbourne": "AU",
    "dubai": "AE", "abu dhabi": "AE", "riyadh": "SA", "doha": "QA", "cairo": "EG",
    "lagos": "NG", "nairobi": "KE", "johannesburg": "ZA", "cape town": "ZA",
    "karachi": "PK", "lahore": "PK", "dhaka": "BD", "colombo": "LK", "singapore": "SG",
    "kuala lumpur": "MY", "jakarta": "ID", "manila": "PH", "bangkok": "TH", "tokyo": "JP",
    "seoul": "KR", "beijing": "CN", "shanghai": "CN", "mexico city": "MX",
    "sao paulo": "BR", "são paulo": "BR", "buenos aires": "AR",
    "new york": "US", "san francisco": "US", "los angeles": "US", "chicago": "US",
    "boston": "US", "seattle": "US", "austin": "US", "houston": "US", "dallas": "US",
    "atlanta": "US", "miami": "US", "denver": "US", "philadelphia": "US", "detroit": "US",
    "redmond": "US", "san jose": "US", "san diego": "US", "phoenix": "US", "portland": "US",
}  # fmt: skip


def region_of(place: str, *, cities: bool = True) -> str | None:
    """The ISO region a place name or state code belongs to, if known; with
    `cities=False` only countries, states and provinces count."""
    key = place.strip().strip(".,").lower()
    if key in COUNTRIES:
        return COUNTRIES[key]
    if key in US_STATES or place.strip().strip(".,") in US_STATE_CODES:
        return "US"
    if key in INDIAN_STATES:
        return "IN"
    if key in CANADIAN_PROVINCES:
        return "CA"
    return CITIES.get(key) if cities else None
