from django.urls import path

from idm_portal.core import token_views, views

app_name = "core"

urlpatterns = [
    path("outbox/", views.outbox_list, name="outbox"),
    path("outbox/retry-failed/", views.outbox_retry_failed, name="outbox_retry_failed"),
    path("outbox/send-test/", views.outbox_send_test, name="outbox_send_test"),
    path("outbox/health/", views.outbox_health, name="outbox_health"),
    path("outbox/<int:pk>/", views.outbox_detail, name="outbox_detail"),
    path("outbox/<int:pk>/retry/", views.outbox_retry, name="outbox_retry"),
    path("account/profile/", views.profile, name="profile"),
    path("account/personal-data/", views.personal_data, name="personal_data"),
    path(
        "account/personal-data/download/",
        views.personal_data_download,
        name="personal_data_download",
    ),
    path("account/close/", views.close_account, name="close_account"),
    path("member-state/", views.my_member_states, name="member_states"),
    # Accounts: Secretariat roles
    path("roles/", views.role_list, name="roles"),
    path("roles/roles.csv", views.role_list_csv, name="roles_csv"),
    path("roles/grant/", views.role_change, {"action": "grant"}, name="role_grant"),
    path("roles/revoke/", views.role_change, {"action": "revoke"}, name="role_revoke"),
    path("api-tokens/", token_views.api_tokens_page, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", token_views.api_token_revoke, name="api_token_revoke"),
    path("webhooks/", token_views.webhooks_page, name="webhooks"),
    path(
        "webhooks/<int:pk>/deactivate/", token_views.webhook_deactivate, name="webhook_deactivate"
    ),
    path("webhooks/deliveries/<int:pk>/replay/", token_views.webhook_replay, name="webhook_replay"),
]
