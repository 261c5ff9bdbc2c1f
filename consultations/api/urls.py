from django.urls import path

from consultations.api import views

urlpatterns = [
    path("notes/", views.NoteList.as_view(), name="notes"),
    path("notes/<int:pk>/", views.NoteDetail.as_view(), name="note"),
    path("voting-rounds/", views.VotingRoundList.as_view(), name="voting_rounds"),
    path("voting-rounds/<int:pk>/", views.VotingRoundDetail.as_view(), name="voting_round"),
]
