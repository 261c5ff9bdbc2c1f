from django.urls import include, path

from workshops.views import delegations as delegation_views
from workshops.views import (
    documents,
    editor,
    invitation_answer,
    invitations,
    manage,
    participants,
    public,
    registration,
    speakers_list,
    statements,
    visa_letters,
)
from workshops.views import suggestions as suggestion_views

app_name = "workshops"

editor_patterns = [
    path("", editor.editor, name="editor"),
    path("sessions/new/", editor.session_new, name="editor_session_new"),
    path("sessions/<int:pk>/edit/", editor.session_edit, name="editor_session_edit"),
    path("sessions/<int:pk>/delete/", editor.session_delete, name="editor_session_delete"),
    path("sessions/<int:pk>/speakers/", editor.session_speakers, name="editor_session_speakers"),
    path("reorder/", editor.reorder, name="editor_reorder"),
    path("speakers/search/", editor.speaker_search, name="editor_speaker_search"),
    path("speakers/new/", editor.speaker_new, name="editor_speaker_new"),
    path("speakers/<int:pk>/remove/", editor.speaker_remove, name="editor_speaker_remove"),
    path("publish/", editor.publish, name="editor_publish"),
    path("documents/", documents.upload, name="editor_document_upload"),
    path("documents/<int:pk>/delete/", documents.delete, name="editor_document_delete"),
]

participants_patterns = [
    path("", participants.registrations, name="registrations"),
    path("bulk/", participants.bulk, name="registrations_bulk"),
    path("export.csv", participants.export_csv, name="registrations_csv"),
    path("export.xlsx", participants.export_xlsx, name="registrations_xlsx"),
    path("participants.pdf", participants.participants_pdf, name="participants_pdf"),
    path("check-in/", participants.check_in, name="check_in"),
    path("statistics/", participants.statistics, name="statistics"),
]

# The workshop's life (the Secretariat's pages)
manage_patterns = [
    path("", manage.manage, name="manage"),
    path("publish/", manage.publish, name="manage_publish"),
    path("status/", manage.status, name="manage_status"),
    path("capacity/", manage.capacity, name="manage_capacity"),
    path("registration/", manage.registration_window, name="manage_registration"),
]

# Invitations
invitation_patterns = [
    path("", invitations.invitations, name="invitations"),
    path("progress/", invitations.progress, name="invitations_progress"),
    path("add/", invitations.add, name="invitations_add"),
    path("send/", invitations.send, name="invitations_send"),
    path("resend-failed/", invitations.resend_failed, name="invitations_resend_failed"),
    path("export.csv", invitations.export_csv, name="invitations_csv"),
    path("message/<str:language>/", invitations.message, name="invitation_message"),
    path("<int:pk>/", invitations.detail, name="invitation_detail"),
    path("<int:pk>/resend/", invitations.resend_one, name="invitation_resend"),
    path("<int:pk>/link-account/", invitation_answer.link_account, name="invitation_link_account"),
]

# Statements of delegations and lists of speakers (the day in the room)
room_patterns = [
    path("statements/", statements.manage, name="statements"),
    path("statements/upload/", statements.upload, name="statement_upload"),
    path("statements/publish/", statements.publish, name="statements_publish"),
    path("speakers/", speakers_list.lists, name="speakers_lists"),
    path("speakers/<int:session>/", speakers_list.chair, name="speakers_chair"),
    path("speakers/<int:session>/open/", speakers_list.open_list, name="speakers_open"),
    path("speakers/<int:session>/room/", speakers_list.chair_room, name="speakers_chair_room"),
    path(
        "speakers/<int:session>/settings/",
        speakers_list.change_settings,
        name="speakers_settings",
    ),
    path("speakers/<int:session>/add/", speakers_list.add_delegation, name="speakers_add"),
    path("speakers/<int:session>/finish/", speakers_list.finish, name="speakers_finish"),
    path(
        "speakers/<int:session>/requests/<int:pk>/give-floor/",
        speakers_list.give_floor,
        name="speakers_give_floor",
    ),
    path(
        "speakers/<int:session>/requests/<int:pk>/move/", speakers_list.move, name="speakers_move"
    ),
    path(
        "speakers/<int:session>/requests/<int:pk>/remove/",
        speakers_list.remove,
        name="speakers_remove",
    ),
    path("speakers/<int:session>/projector/", speakers_list.projector, name="speakers_projector"),
    path(
        "speakers/<int:session>/projector/room/",
        speakers_list.projector_room,
        name="speakers_projector_room",
    ),
    path("floor/<int:session>/", speakers_list.floor, name="floor"),
    path("floor/<int:session>/status/", speakers_list.floor_status, name="floor_status"),
    path("floor/<int:session>/ask/", speakers_list.ask, name="floor_ask"),
    path("floor/<int:session>/withdraw/", speakers_list.withdraw, name="floor_withdraw"),
]

# Delegations, badges, certificates and the personal calendar feed
delegation_patterns = [
    path("delegation/", delegation_views.delegation, name="delegation"),
    path("delegations/", delegation_views.overview, name="delegations"),
    path("delegations.csv", delegation_views.overview_csv, name="delegations_csv"),
    path("badges/", delegation_views.badges, name="badges"),
    path("badges.pdf", delegation_views.badges_pdf, name="badges_pdf"),
]

urlpatterns = [
    path("", public.workshop_index, name="index"),
    path("<int:year>/<slug:slug>/", include(delegation_patterns)),
    path("delegates/<int:pk>/change/", delegation_views.change, name="delegate_change"),
    path("delegates/<int:pk>/replace/", delegation_views.replace, name="delegate_replace"),
    path("delegates/<int:pk>/head/", delegation_views.make_head, name="delegate_head"),
    path("delegates/<int:pk>/withdraw/", delegation_views.withdraw, name="delegate_withdraw"),
    path(
        "my-registrations/<int:pk>/certificate.pdf",
        delegation_views.certificate_pdf,
        name="registration_certificate_pdf",
    ),
    path(
        "my-registrations/<int:pk>/certificate/send/",
        delegation_views.certificate_send,
        name="registration_certificate_send",
    ),
    path("my-calendar/", delegation_views.my_calendar, name="my_calendar"),
    path("calendar/<str:token>.ics", delegation_views.calendar_feed_view, name="calendar_feed"),
    path("my-registrations/", registration.my_registrations, name="my_registrations"),
    path("my-registrations/<int:pk>/", registration.change, name="registration_change"),
    path("my-registrations/<int:pk>/cancel/", registration.cancel, name="registration_cancel"),
    path(
        "my-registrations/<int:pk>/confirmation.pdf",
        registration.confirmation_pdf,
        name="registration_confirmation_pdf",
    ),
    path(
        "my-registrations/<int:pk>/visa-letter.pdf",
        registration.visa_letter_pdf,
        name="registration_visa_letter_pdf",
    ),
    path(
        "my-registrations/<int:pk>/passport/",
        registration.passport_details,
        name="registration_passport",
    ),
    # Visa support letters: the Secretariat's review
    path("visa-letters/", visa_letters.visa_letters, name="visa_letters"),
    path("visa-letters/approve/", visa_letters.approve, name="visa_letters_approve"),
    path("manage/<int:year>/", manage.workshop_list, name="manage_list"),
    path("manage/<int:year>/new/", manage.workshop_new, name="manage_new"),
    path("speakers/<int:pk>/", public.speaker, name="speaker"),
    path("documents/<int:pk>/", documents.document, name="document"),
    path("statements/<int:pk>/", statements.statement, name="statement"),
    path("statements/<int:pk>/unpublish/", statements.unpublish, name="statement_unpublish"),
    path("statements/<int:pk>/delete/", statements.delete, name="statement_delete"),
    path("<int:year>/", public.workshop_list, name="list"),
    path("<int:year>/<slug:slug>/", public.workshop_detail, name="detail"),
    path("<int:year>/<slug:slug>/agenda/", public.agenda, name="agenda"),
    path("<int:year>/<slug:slug>/agenda.ics", public.agenda_ics, name="agenda_ics"),
    path("<int:year>/<slug:slug>/agenda.pdf", public.agenda_pdf, name="agenda_pdf"),
    path("<int:year>/<slug:slug>/editor/", include(editor_patterns)),
    path("<int:year>/<slug:slug>/", include(room_patterns)),
    path("<int:year>/<slug:slug>/register/", registration.register, name="register"),
    path("<int:year>/<slug:slug>/manage/", include(manage_patterns)),
    path("<int:year>/<slug:slug>/registrations/", include(participants_patterns)),
    # Invitations
    path("<int:year>/<slug:slug>/invitations/", include(invitation_patterns)),
    path(
        "<int:year>/<slug:slug>/invitation/<str:token>/",
        invitation_answer.answer,
        name="invitation_answer",
    ),
    path(
        "<int:year>/<slug:slug>/invitation/<str:token>/accept/",
        invitation_answer.accept,
        name="invitation_accept",
    ),
    path(
        "<int:year>/<slug:slug>/invitation/<str:token>/decline/",
        invitation_answer.decline,
        name="invitation_decline",
    ),
    # Suggestions of case studies and speakers for a workshop
    path("<int:year>/<slug:slug>/suggest/", suggestion_views.suggest, name="suggest"),
    path(
        "<int:year>/<slug:slug>/suggestions/",
        suggestion_views.workshop_suggestions,
        name="suggestions",
    ),
    path(
        "<int:year>/<slug:slug>/suggestions.csv",
        suggestion_views.export_csv,
        name="suggestions_csv",
    ),
    path("my-suggestions/", suggestion_views.my_suggestions, name="my_suggestions"),
    path("suggestions/<int:pk>/", suggestion_views.suggestion_detail, name="suggestion"),
    path("suggestions/<int:pk>/comment/", suggestion_views.comment, name="suggestion_comment"),
    path("suggestions/<int:pk>/withdraw/", suggestion_views.withdraw, name="suggestion_withdraw"),
    path("suggestions/<int:pk>/accept/", suggestion_views.accept, name="suggestion_accept"),
    path("suggestions/<int:pk>/decline/", suggestion_views.decline, name="suggestion_decline"),
    path(
        "suggestions/<int:pk>/add-speaker/",
        suggestion_views.add_speaker,
        name="suggestion_add_speaker",
    ),
]
