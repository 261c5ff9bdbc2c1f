from django.urls import include, path

from workshops.views import documents, editor, participants, public, registration

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

urlpatterns = [
    path("", public.workshop_index, name="index"),
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
    path("speakers/<int:pk>/", public.speaker, name="speaker"),
    path("documents/<int:pk>/", documents.document, name="document"),
    path("<int:year>/", public.workshop_list, name="list"),
    path("<int:year>/<slug:slug>/", public.workshop_detail, name="detail"),
    path("<int:year>/<slug:slug>/agenda/", public.agenda, name="agenda"),
    path("<int:year>/<slug:slug>/agenda.ics", public.agenda_ics, name="agenda_ics"),
    path("<int:year>/<slug:slug>/agenda.pdf", public.agenda_pdf, name="agenda_pdf"),
    path("<int:year>/<slug:slug>/editor/", include(editor_patterns)),
    path("<int:year>/<slug:slug>/register/", registration.register, name="register"),
    path("<int:year>/<slug:slug>/registrations/", include(participants_patterns)),
    # Invitations (issue 5)
    # Suggestions of case studies and speakers for a workshop (issue 6)
]
