from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self):
        from idm_portal.core.services.personal_data import register_part
        from workshops.services import personal_data

        register_part("workshops", export=personal_data.export, anonymise=personal_data.anonymise)
