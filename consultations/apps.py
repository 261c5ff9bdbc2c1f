from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from consultations.services import personal_data
        from idm_portal.core.services.personal_data import register_part

        register_part("consultations", export=personal_data.export)
