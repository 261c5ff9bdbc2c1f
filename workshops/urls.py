from django.urls import path

from workshops import views

app_name = "workshops"

urlpatterns = [
    path("", views.workshop_index, name="index"),
    path("<int:year>/", views.workshop_list, name="list"),
    path("<int:year>/<slug:slug>/", views.workshop_detail, name="detail"),
]
