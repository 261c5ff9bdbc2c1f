from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self):
        from idm_portal.core.services.personal_data import register_part
        from workshops.services import personal_data

        register_part("workshops", export=personal_data.export, anonymise=personal_data.anonymise)

        # Delegations: a person registered by their focal point proves their address by
        # setting their password from the link mailed to it.
        from allauth.account.signals import password_reset

        from workshops.services.delegations import verify_on_first_password

        password_reset.connect(verify_on_first_password, dispatch_uid="workshops.delegate_verified")
