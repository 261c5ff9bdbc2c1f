from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.models.signals import post_migrate, pre_save
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def forget_the_request_language(**kwargs):
    """After a response, the thread speaks the default language again: a "title" written
    later in the same thread (a task run in-process, a test) is the English one, not the
    French of the last page served (titles have a column per language, translation.py)."""
    translation.deactivate()


class CoreConfig(AppConfig):
    name = "idm_portal.core"
    label = "core"
    verbose_name = _("IDM core")

    def ready(self):
        from idm_portal.core.services.accounts import set_up_site_and_roles

        # After every migrate: the Secretariat group holds every permission of the portal's
        # models, including those that later migrations add.
        post_migrate.connect(
            lambda **kwargs: set_up_site_and_roles(),
            dispatch_uid="core.set_up_site_and_roles",
            weak=False,
        )
        # Accounts: remember at every sign-in whether MFA is set up (its receiver).
        from idm_portal.core import middleware  # noqa: F401
        from idm_portal.core.text import clean_model_text

        # Names, titles and file names lose bidirectional and control characters (text.py).
        pre_save.connect(clean_model_text, dispatch_uid="core.clean_model_text")
        request_finished.connect(
            forget_the_request_language, dispatch_uid="core.forget_the_request_language"
        )
