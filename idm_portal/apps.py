from django.apps import AppConfig


class IdmPortalConfig(AppConfig):
    """The top floor as an app, so that it may hold load_demo, which composes every app."""

    name = "idm_portal"
    verbose_name = "IDM Portal"
