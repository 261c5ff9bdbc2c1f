from django.urls import path

from workshops.api import delegations, invitations, public, registrations, schedule

urlpatterns = [
    path("workshops/", public.WorkshopList.as_view(), name="workshops"),
    path("workshops/<int:pk>/", public.WorkshopDetail.as_view(), name="workshop"),
    path("workshops/<int:workshop_pk>/agenda/", public.LatestAgenda.as_view(), name="agenda"),
    path("workshops/<int:workshop_pk>/releases/", public.ReleaseList.as_view(), name="releases"),
    path(
        "workshops/<int:workshop_pk>/releases/<int:number>/",
        public.ReleaseDetail.as_view(),
        name="release",
    ),
    path("workshops/<int:workshop_pk>/documents/", public.DocumentList.as_view(), name="documents"),
    path(
        "workshops/<int:workshop_pk>/schedule.xml",
        schedule.ScheduleXml.as_view(),
        name="schedule_xml",
    ),
    path(
        "workshops/<int:workshop_pk>/schedule.json",
        schedule.ScheduleJson.as_view(),
        name="schedule_json",
    ),
    path(
        "workshops/<int:workshop_pk>/registrations/",
        registrations.WorkshopRegistrations.as_view(),
        name="registrations",
    ),
    path(
        "registrations/<int:pk>/", registrations.RegistrationDetail.as_view(), name="registration"
    ),
    path(
        "registrations/<int:pk>/approve/",
        registrations.ApproveRegistration.as_view(),
        name="registration_approve",
    ),
    path(
        "registrations/<int:pk>/decline/",
        registrations.DeclineRegistration.as_view(),
        name="registration_decline",
    ),
    path(
        "registrations/<int:pk>/check-in/",
        registrations.CheckInRegistration.as_view(),
        name="registration_check_in",
    ),
    path(
        "workshops/<int:workshop_pk>/invitations/",
        invitations.WorkshopInvitations.as_view(),
        name="invitations",
    ),
    path(
        "workshops/<int:workshop_pk>/invitations/send/",
        invitations.SendInvitations.as_view(),
        name="invitations_send",
    ),
    path(
        "workshops/<int:workshop_pk>/suggestions/",
        invitations.WorkshopSuggestions.as_view(),
        name="suggestions",
    ),
    path(
        "workshops/<int:workshop_pk>/delegations/",
        delegations.WorkshopDelegations.as_view(),
        name="delegations",
    ),
    path(
        "workshops/<int:workshop_pk>/delegations/<int:member_state_pk>/",
        delegations.MemberStateDelegation.as_view(),
        name="delegation",
    ),
]
