"""The Secretariat's registrations of a workshop: list, bulk actions, exports, check-in, the
list of participants (PDF) and attendance statistics.

Over 400 lines on purpose: 16 tests of one page family, sharing its registrations world."""

import csv
import datetime as dt
import io
import subprocess
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from idm_portal.core.models import Organization
from tests.factories import OrganizationFactory, UserFactory, WorkshopFactory
from workshops import demo as workshops_demo
from workshops.models import Registration, Workshop
from workshops.queries import participant_groups
from workshops.statistics import attendance_sentence, attendance_statistics

pytestmark = pytest.mark.django_db

Status = Registration.Status
Kind = Organization.Kind
GENEVA = ZoneInfo("Europe/Zurich")

EXPECTED_HEADER = [
    "Name on the badge",
    "Title",
    "Position",
    "E-mail address",
    "Organization",
    "Category",
    "Country",
    "Status",
    "Registered at",
    "Special requirements",
    "Visa support letter",
    "Consents to the list of participants",
]


@pytest.fixture
def workshop():
    return WorkshopFactory(title="Effective Respect for the Human Rights of Migrants", slug="hr")


@pytest.fixture
def states():
    return {
        "CH": OrganizationFactory(
            name="Switzerland",
            kind=Kind.GOVERNMENT,
            country="CH",
            iom_status=Organization.IomStatus.MEMBER_STATE,
        ),
        "MX": OrganizationFactory(
            name="Mexico",
            kind=Kind.GOVERNMENT,
            country="MX",
            iom_status=Organization.IomStatus.MEMBER_STATE,
        ),
        "BH": OrganizationFactory(
            name="Bahrain",
            kind=Kind.GOVERNMENT,
            country="BH",
            iom_status=Organization.IomStatus.OBSERVER_STATE,
        ),
    }


def add(workshop, name, organization, status=Status.CONFIRMED, **fields):
    person = UserFactory(name=name)
    values = {
        "badge_name": name,
        "email": person.email,
        "category": organization.kind,
        "title": "Ms",
        "position": "Counsellor",
        "created_at": dt.datetime(2009, 3, 2, 10, 15, tzinfo=GENEVA),
        **fields,
    }
    if status == Status.WAITLISTED:
        values.setdefault("waitlisted_at", values["created_at"])
    return Registration.objects.create(
        workshop=workshop, person=person, organization=organization, status=status, **values
    )


def url(name, workshop):
    return reverse(f"workshops:{name}", args=[workshop.idm_year.year, workshop.slug])


def said(client, response):
    """The messages of one answer; following its redirect shows (and so consumes) them, so
    that the next answer's messages are its own."""
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    client.get(response.headers["Location"])
    return messages


def listed_names(response):
    return [registration.badge_name for registration in response.context["page"]]


@pytest.fixture
def secretary(client, secretariat):
    client.force_login(secretariat)
    return client


@pytest.fixture
def mixed(workshop, states):
    ngo = OrganizationFactory(name="Caritas Internationalis", kind=Kind.NGO)
    return {
        "ana": add(workshop, "Ana Alvarez", states["MX"], Status.PENDING),
        "bea": add(workshop, "Béatrice Brun", states["CH"], Status.CONFIRMED),
        "carl": add(workshop, "Carl Chan", ngo, Status.WAITLISTED),
        "dora": add(workshop, "Dora Diaz", states["MX"], Status.CONFIRMED),
    }


def test_list_filters_by_status_category_and_country(secretary, workshop, mixed):
    page = url("registrations", workshop)
    assert listed_names(secretary.get(page, {"status": "confirmed"})) == [
        "Béatrice Brun",
        "Dora Diaz",
    ]
    assert listed_names(secretary.get(page, {"category": "ngo"})) == ["Carl Chan"]
    assert listed_names(secretary.get(page, {"country": "MX", "sort": "name"})) == [
        "Ana Alvarez",
        "Dora Diaz",
    ]
    assert listed_names(secretary.get(page, {"q": "béatrice"})) == ["Béatrice Brun"]


def test_list_sorts_and_shows_counts_by_status(secretary, workshop, mixed):
    response = secretary.get(url("registrations", workshop), {"sort": "-name"})
    assert listed_names(response) == ["Dora Diaz", "Carl Chan", "Béatrice Brun", "Ana Alvarez"]
    counts = {label: count for _value, label, count in response.context["status_counts"]}
    assert counts == {
        "Pending approval": 1,
        "Confirmed": 2,
        "Wait-listed": 1,
        "Declined": 0,
        "Cancelled": 0,
        "Attended": 0,
    }
    page = response.content.decode()
    for link in ("registrations_csv", "registrations_xlsx", "participants_pdf", "check_in"):
        assert url(link, workshop) in page


@pytest.mark.parametrize("count", [5, 60])
def test_list_makes_the_same_number_of_queries_for_few_and_many(
    secretary, workshop, states, django_assert_num_queries, count
):
    for number in range(count):
        add(workshop, f"Person {number:02d}", states[("CH", "MX", "BH")[number % 3]])
    # session, user, Secretariat group, workshop, paginator's count, counts by status, the
    # menu's member states, the organizations of the filter's choices, the page's rows
    with django_assert_num_queries(9):
        response = secretary.get(url("registrations", workshop), {"sort": "name"})
    assert len(response.context["page"]) == min(count, 50)


def bulk(client, workshop, action, *registrations):
    return client.post(
        url("registrations_bulk", workshop),
        {
            "action": action,
            "registration": [registration.pk for registration in registrations],
            "query": "status=pending",
        },
    )


def test_bulk_approve_confirms_pending_registrations(
    secretary, workshop, mixed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        response = bulk(secretary, workshop, "approve", mixed["ana"], mixed["carl"])
    assert response.headers["Location"] == url("registrations", workshop) + "?status=pending"
    assert said(secretary, response) == [
        "1 registration approved.",
        "1 registration was left as it was: its status does not allow it.",
    ]
    mixed["ana"].refresh_from_db()
    mixed["carl"].refresh_from_db()
    assert (mixed["ana"].status, mixed["carl"].status) == (Status.CONFIRMED, Status.WAITLISTED)


def test_bulk_decline_and_move_off_the_waiting_list(
    secretary, workshop, mixed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        moved = bulk(secretary, workshop, "move_off_waiting_list", mixed["carl"], mixed["bea"])
    assert said(secretary, moved) == [
        "1 registration moved off the waiting list.",
        "1 registration was left as it was: its status does not allow it.",
    ]
    with django_capture_on_commit_callbacks():
        declined = bulk(secretary, workshop, "decline", mixed["ana"], mixed["dora"])
    assert said(secretary, declined) == ["2 registrations declined."]
    statuses = dict(Registration.objects.values_list("badge_name", "status"))
    assert statuses == {
        "Ana Alvarez": "declined",
        "Béatrice Brun": "confirmed",
        "Carl Chan": "confirmed",
        "Dora Diaz": "declined",
    }


def test_bulk_without_an_action_or_a_registration_changes_nothing(secretary, workshop, mixed):
    assert said(secretary, bulk(secretary, workshop, "delete", mixed["ana"])) == [
        "Choose an action."
    ]
    assert said(secretary, bulk(secretary, workshop, "approve")) == [
        "Tick the registrations to act on."
    ]
    other = add(WorkshopFactory(), "Other Person", mixed["ana"].organization, Status.PENDING)
    assert said(secretary, bulk(secretary, workshop, "approve", other)) == [
        "0 registrations approved."
    ]
    assert Registration.objects.get(pk=other.pk).status == Status.PENDING


def test_csv_export_has_one_row_per_registration_of_the_filter(secretary, workshop, mixed):
    add(
        workshop,
        "Eve Evil",
        mixed["carl"].organization,
        Status.CONFIRMED,
        special_requirements="=HYPERLINK(1)",
        needs_visa_letter=True,
        consents_to_list=True,
    )
    response = secretary.get(url("registrations_csv", workshop), {"status": "confirmed"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == EXPECTED_HEADER
    assert sorted(row[0] for row in rows[1:]) == ["Béatrice Brun", "Dora Diaz", "Eve Evil"]
    eve = next(row for row in rows if row[0] == "Eve Evil")
    assert eve[4:] == [
        "Caritas Internationalis",
        "Non-governmental organization",
        "",
        "Confirmed",
        "2009-03-02 10:15",
        "'=HYPERLINK(1)",
        "Yes",
        "Yes",
    ]
    bea = next(row for row in rows if row[0] == "Béatrice Brun")
    assert bea[4:7] == ["Switzerland", "Government", "Switzerland"]


def test_xlsx_export_opens_with_one_row_per_registration(secretary, workshop, mixed):
    add(workshop, "Eve Evil", mixed["carl"].organization, special_requirements="=1+1")
    response = secretary.get(url("registrations_xlsx", workshop))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPECTED_HEADER
    assert len(rows) == 1 + 5
    eve = next(row for row in rows if row[0] == "Eve Evil")
    assert eve[8] == dt.datetime(2009, 3, 2, 10, 15)
    assert eve[9] == "=1+1"
    eve_row = rows.index(eve) + 1
    assert sheet.cell(row=eve_row, column=10).data_type == "s"  # text, not a formula
    assert sheet.cell(row=eve_row, column=9).number_format == "yyyy-mm-dd hh:mm"
    assert all(cell.font.b for cell in sheet[1])  # the header is bold
    assert sheet.freeze_panes == "A2"  # and stays in view
    assert sheet.column_dimensions["A"].width == 28  # names are not cut


def test_check_in_by_token(secretary, workshop, mixed):
    bea = mixed["bea"]
    response = secretary.post(url("check_in", workshop), {"token": bea.checkin_token})
    assert response.headers["Location"] == url("check_in", workshop)
    assert said(secretary, response) == ["Béatrice Brun (Switzerland) is checked in."]
    bea.refresh_from_db()
    assert bea.status == Status.ATTENDED
    Registration.objects.filter(pk=bea.pk).update(
        attended_at=dt.datetime(2009, 3, 25, 9, 12, tzinfo=GENEVA)
    )
    again = secretary.post(url("check_in", workshop), {"token": bea.checkin_token})
    assert said(secretary, again) == ["Béatrice Brun was already checked in at 09:12."]


def test_check_in_refuses_an_unknown_token_and_a_wait_listed_person(secretary, workshop, mixed):
    unknown = secretary.post(url("check_in", workshop), {"token": "not-a-code"})
    assert said(secretary, unknown) == [
        "No registration for this workshop has the code “not-a-code”."
    ]
    other = add(WorkshopFactory(), "Other Person", mixed["bea"].organization)
    elsewhere = secretary.post(url("check_in", workshop), {"token": other.checkin_token})
    assert said(secretary, elsewhere) == [
        f"No registration for this workshop has the code “{other.checkin_token}”."
    ]
    waiting = secretary.post(url("check_in", workshop), {"token": mixed["carl"].checkin_token})
    assert said(secretary, waiting) == [
        "Carl Chan is on the waiting list, not confirmed: do not check them in."
    ]
    pending = secretary.post(url("check_in", workshop), {"registration": mixed["ana"].pk})
    assert said(secretary, pending) == [
        "Ana Alvarez: Only a confirmed registration can be checked in; this one is pending "
        "approval."
    ]
    assert Registration.objects.filter(status=Status.ATTENDED).count() == 0


def test_check_in_by_search_and_button(secretary, workshop, mixed):
    page = secretary.get(url("check_in", workshop), {"q": "mexico"})
    # Only confirmed and attended people are found: Ana is pending.
    assert [r.badge_name for r in page.context["found"]] == ["Dora Diaz"]
    assert "1 of 2 checked in." not in page.content.decode()
    assert "0 of 2 checked in." in page.content.decode()
    response = secretary.post(
        url("check_in", workshop), {"registration": mixed["dora"].pk, "q": "mexico"}
    )
    assert response.headers["Location"] == url("check_in", workshop) + "?q=mexico"
    assert said(secretary, response) == ["Dora Diaz (Mexico) is checked in."]
    page = secretary.get(url("check_in", workshop), {"q": "mexico"}).content.decode()
    assert "1 of 2 checked in." in page
    assert "Checked in at" in page


def pdf_text(content):
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_participants_pdf_groups_as_iom_lists_and_leaves_out_who_did_not_consent(
    secretary, workshop, states, fetch_document
):
    unhcr = OrganizationFactory(
        name="Office of the United Nations High Commissioner for Refugees",
        kind=Kind.INTERNATIONAL_ORGANIZATION,
    )
    caritas = OrganizationFactory(name="Caritas Internationalis", kind=Kind.NGO)
    swissinfo = OrganizationFactory(name="Swissinfo", kind=Kind.MEDIA)
    add(workshop, "Zoe Zurbriggen", states["CH"], consents_to_list=True, position="Ambassador")
    add(workshop, "Marco Moreno", states["MX"], Status.ATTENDED, consents_to_list=True)
    add(workshop, "Hidden Person", states["MX"], consents_to_list=False)
    add(workshop, "Pending Person", states["CH"], Status.PENDING, consents_to_list=True)
    add(workshop, "Bashar Bahri", states["BH"], consents_to_list=True, title="Mr")
    add(workshop, "Ulla Unger", unhcr, consents_to_list=True)
    add(workshop, "Carla Cruz", caritas, consents_to_list=True)
    add(workshop, "Mia Media", swissinfo, consents_to_list=True)
    _pending, response = fetch_document(secretary, url("participants_pdf", workshop))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.pdf)
    words = " ".join(text.split())
    assert "LIST OF PARTICIPANTS" in words
    # Two columns: the headings and organizations read in order; people under each
    # organization are checked on the groups the PDF is made of.
    order = [
        "MEMBER STATES",
        "MEXICO",
        "SWITZERLAND",
        "OBSERVERS",
        "BAHRAIN",
        "INTERNATIONAL ORGANIZATIONS",
        "OFFICE OF THE UNITED NATIONS HIGH COMMISSIONER FOR REFUGEES",
        "NON-GOVERNMENTAL ORGANIZATIONS",
        "CARITAS INTERNATIONALIS",
        "OTHERS",
        "SWISSINFO",
    ]
    positions = [words.index(part) for part in order]
    assert positions == sorted(positions)
    for person in ("Ms Marco Moreno", "Ms Zoe Zurbriggen", "Ambassador", "Mr Bashar Bahri"):
        assert person in words
    with translation.override("en"):
        groups = [
            (heading, [(str(org), [p.badge_name for p in people]) for org, people in orgs])
            for heading, orgs in participant_groups(workshop)
        ]
    assert groups == [
        ("Member States", [("Mexico", ["Marco Moreno"]), ("Switzerland", ["Zoe Zurbriggen"])]),
        ("Observers", [("Bahrain", ["Bashar Bahri"])]),
        (
            "International organizations",
            [("Office of the United Nations High Commissioner for Refugees", ["Ulla Unger"])],
        ),
        ("Non-governmental organizations", [("Caritas Internationalis", ["Carla Cruz"])]),
        ("Others", [("Swissinfo", ["Mia Media"])]),
    ]
    assert "Hidden Person" not in words
    assert "Pending Person" not in words


def test_sentence_follows_its_rules():
    assert attendance_sentence(1, {Kind.GOVERNMENT: 1}, "en") == (
        "It was attended by 1 participant representing 1 government."
    )
    assert attendance_sentence(300, {Kind.NGO: 2, Kind.MEDIA: 1}, "en") == (
        "It was attended by 300 participants representing 2 non-governmental organizations "
        "and the media."
    )
    assert attendance_sentence(100, {Kind.INTERNATIONAL_ORGANIZATION: 1}, "fr") == (
        "Il a réuni 100 participants représentant 1 organisation internationale."
    )
    assert attendance_sentence(1, {Kind.ACADEMIA: 1}, "es") == (
        "Asistió 1 participante en representación del ámbito académico."
    )
    assert attendance_sentence(0, {}, "en") == "It was attended by 0 participants."


def test_statistics_of_workshop_1_of_load_demo_read_as_the_seed(settings, secretary):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("load_demo", stdout=io.StringIO())
    workshop = Workshop.objects.get(idm_year__year=2009, ordinal=1)
    assert workshop.registrations.count() == 214  # load_demo loads them
    assert workshops_demo.load_registrations(workshop) == 0  # a second run adds nothing
    statistics = attendance_statistics(workshop)
    assert (statistics.participants, statistics.governments, statistics.countries) == (
        214,
        71,
        71,
    )
    assert statistics.organizations == 71 + 22 + 8 + 3 + 3 + 2
    assert statistics.sentences == {
        "en": "It was attended by more than 200 participants representing 71 governments, 22 "
        "international organizations, 8 non-governmental organizations, the private sector, "
        "academia and the media.",
        "fr": "Il a réuni plus de 200 participants représentant 71 gouvernements, 22 "
        "organisations internationales, 8 organisations non gouvernementales, le secteur "
        "privé, les milieux universitaires et les médias.",
        "es": "Asistieron más de 200 participantes en representación de 71 gobiernos, 22 "
        "organizaciones internacionales, 8 organizaciones no gubernamentales, el sector "
        "privado, el ámbito académico y los medios de comunicación.",
    }
    page = secretary.get(url("statistics", workshop)).content.decode()
    assert (
        "It was attended by more than 200 participants representing 71 governments, 22 "
        "international organizations, 8 non-governmental organizations, the private sector, "
        "academia and the media." in page
    )
    assert "<svg" in page
    assert "Il a réuni plus de 200 participants" in page


def test_statistics_before_the_workshop_count_confirmed_people(secretary, workshop, mixed):
    statistics = attendance_statistics(workshop)
    assert statistics.participants == 2  # Béatrice and Dora, confirmed
    assert (statistics.governments, statistics.countries, statistics.organizations) == (2, 2, 2)
    assert statistics.sentences["en"] == (
        "It was attended by 2 participants representing 2 governments."
    )


def test_list_answers_nonsense_filters_without_an_error(secretary, workshop, mixed):
    response = secretary.get(
        url("registrations", workshop),
        {"status": "bogus", "organization": "abc", "sort": "password", "page": "zz"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert sorted(listed_names(response)) == [
        "Ana Alvarez",
        "Béatrice Brun",
        "Carl Chan",
        "Dora Diaz",
    ]
