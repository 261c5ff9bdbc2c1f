from django.urls import path

from idm_portal.core.api import views

urlpatterns = [
    path("years/", views.IdmYearList.as_view(), name="years"),
    path("outbox/", views.OutboxStatus.as_view(), name="outbox"),
]
