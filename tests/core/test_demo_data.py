"""The demo world's data reproduces the seed's figures and is consistent."""

from django_countries import countries

from idm_portal.core import demo_data


def test_demo_data_has_the_seeds_figures():
    assert len(demo_data.GOVERNMENTS) == 71
    assert len(demo_data.INTERNATIONAL_ORGANIZATIONS) == 22
    assert len(demo_data.NON_GOVERNMENTAL_ORGANIZATIONS) == 8
    assert demo_data.PRIVATE_SECTOR
    assert demo_data.ACADEMIA
    assert demo_data.MEDIA


def test_demo_data_codes_and_names_are_unique_and_valid():
    codes = [code for code, _status in demo_data.GOVERNMENTS]
    assert len(set(codes)) == len(codes)
    assert not [code for code in codes if code not in dict(countries)]
    assert {status for _code, status in demo_data.GOVERNMENTS} == {"member", "observer"}
    others = (
        demo_data.INTERNATIONAL_ORGANIZATIONS
        + demo_data.NON_GOVERNMENTAL_ORGANIZATIONS
        + demo_data.PRIVATE_SECTOR
        + demo_data.ACADEMIA
        + demo_data.MEDIA
    )
    names = [name for name, _acronym in others]
    assert len(set(names)) == len(names)
    assert "IOM" not in {acronym for _name, acronym in others}


def test_demo_focal_point_countries_are_member_states():
    status = dict(demo_data.GOVERNMENTS)
    assert all(status[code] == "member" for code in demo_data.FOCAL_POINT_COUNTRIES)
