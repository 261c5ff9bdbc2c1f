from django.urls import path

from consultations.views import notes, themes, voting

app_name = "consultations"

urlpatterns = [
    # Theme consultations: proposals, suggestions, voting rounds
    path("themes/", themes.index, name="index"),
    path("themes/proposals/new/", themes.proposal_new, name="proposal_new"),
    path("themes/proposals/<int:pk>/", themes.proposal_detail, name="proposal"),
    path("themes/proposals/<int:pk>/edit/", themes.proposal_edit, name="proposal_edit"),
    path("themes/proposals/<int:pk>/status/", themes.proposal_status, name="proposal_status"),
    path("themes/suggest/", themes.suggest, name="suggest"),
    path("themes/suggestions/", themes.suggestions, name="suggestions"),
    path("themes/suggestions/<int:pk>/merge/", themes.suggestion_merge, name="suggestion_merge"),
    path(
        "themes/suggestions/<int:pk>/ballot/",
        themes.suggestion_to_ballot,
        name="suggestion_to_ballot",
    ),
    path("rounds/new/", voting.round_new, name="round_new"),
    path("rounds/<int:pk>/", voting.round_detail, name="round"),
    path("rounds/<int:pk>/edit/", voting.round_edit, name="round_edit"),
    path("rounds/<int:pk>/ballot/", voting.ballot, name="ballot"),
    path("rounds/<int:pk>/record/", voting.record_ballot, name="record_ballot"),
    path("rounds/<int:pk>/results/", voting.results, name="results"),
    path("rounds/<int:pk>/results.csv", voting.results_csv, name="results_csv"),
    path("rounds/<int:pk>/adopt/", voting.adopt, name="adopt"),
    path("rounds/<int:pk>/close/", voting.close_now, name="close_now"),
    path("rounds/<int:pk>/audit/", voting.audit, name="audit"),
    # Discussion notes
    path("notes/", notes.note_list, name="notes"),
    path("notes/new/", notes.note_new, name="note_new"),
    path("notes/preview/", notes.note_preview, name="note_preview"),
    path("notes/<int:pk>/edit/", notes.note_edit, name="note_edit"),
    path("notes/<int:pk>/publish/", notes.note_publish, name="note_publish"),
    path("notes/<int:pk>/withdraw/", notes.note_withdraw, name="note_withdraw"),
    path("notes/<slug:slug>/<str:language>/", notes.note_detail, name="note"),
    path("notes/<slug:slug>/<str:language>.pdf", notes.note_pdf, name="note_pdf"),
]
