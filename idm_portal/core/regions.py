"""IOM regions of the countries of the demo world (the regions of IOM's regional offices).
Other countries get theirs from the Secretariat, in the admin."""

REGION_COUNTRIES = {
    "asia_pacific": "PH BD LK TH AU JP KR PK IR CN ID BT",
    "central_north_america_caribbean": "MX US CA GT SV HN DO CR CU",
    "south_america": "CO EC AR BR CL PE",
    "european_economic_area": "CH DE FR ES IT AT BE NL NO SE FI DK GB IE PT GR PL HU CZ RO BG",
    "see_ee_central_asia": "TR AM AZ GE UA MD KZ RU VA",
    "middle_east_north_africa": "MA EG TN SA QA BH",
    "west_central_africa": "SN NG GH ML",
    "east_horn_africa": "KE ET UG",
    "southern_africa": "ZA",
}

REGION_OF_COUNTRY = {
    code: region for region, codes in REGION_COUNTRIES.items() for code in codes.split()
}


def region_of(country_code: object) -> str:
    """The IOM region of a country ("" when the portal does not know it)."""
    return REGION_OF_COUNTRY.get(str(country_code or ""), "")
