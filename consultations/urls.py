from django.urls import path  # noqa: F401  (the topics below add their paths)

app_name = "consultations"

urlpatterns = [
    # Theme consultations: proposals, suggestions, voting rounds (issue 6)
    # Discussion notes (issue 7)
]
