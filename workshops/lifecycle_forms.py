"""Forms of the Secretariat's workshop pages (crispy, Bootstrap 5): the workshop itself, its
status, its capacity and quotas, its registration window. Dates and times are entered in
the venue's time zone, chosen from the IANA names this server knows."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from idm_portal.core import languages
from idm_portal.core.languages import per_language
from idm_portal.core.models import Organization
from workshops.models import Workshop, time_zone_choices
from workshops.services.lifecycle import EDITABLE_FIELDS, TRANSLATED_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _helper(*layout):
    helper = FormHelper()
    helper.form_tag = False  # the template's <form> has the token and the buttons
    if layout:
        helper.layout = Layout(*layout)
    return helper


class WorkshopForm(forms.ModelForm):
    """Create or edit a workshop (not its status, capacity or registration window). Title,
    venue, city and description in English, French and Spanish side by side."""

    time_zone = forms.TypedChoiceField(
        label=_("Time zone of the venue"),
        choices=time_zone_choices,
        initial="Europe/Zurich",
        help_text=_("Dates and times of the workshop are entered and shown in this zone."),
    )

    class Meta:
        model = Workshop
        fields = [name for name in EDITABLE_FIELDS if name not in TRANSLATED_FIELDS]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            **{name: forms.Textarea(attrs={"rows": 4}) for name in per_language("description")},
        }

    def __init__(self, *args, idm_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.idm_year = idm_year
        self.instance.idm_year = idm_year
        languages.prepare(self, *TRANSLATED_FIELDS)
        self.helper = _helper(
            Row(
                Column(Field("ordinal"), css_class="col-md-2"),
                Column(Field("slug"), css_class="col-md-4"),
            ),
            languages.side_by_side(self, "title"),
            Row(
                Column(Field("start_date"), css_class="col-md-3"),
                Column(Field("end_date"), css_class="col-md-3"),
                Column(Field("time_zone"), css_class="col-md-6"),
            ),
            languages.side_by_side(self, "venue"),
            languages.side_by_side(self, "city"),
            languages.side_by_side(self, "description"),
            Field("requires_approval"),
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Workshop.Status.choices)
    start_date = forms.DateField(label=_("New start date"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("New end date"), required=False, widget=DATE)
    note = forms.CharField(
        label=_("A word to those told (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Added to the message sent when the workshop is cancelled or postponed."),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field("status"),
            Row(
                Column(Field("start_date"), css_class="col-md-6"),
                Column(Field("end_date"), css_class="col-md-6"),
                css_class="postponed-dates",
            ),
            Field("note"),
            Field("confirm"),
        )

    def clean(self):
        data = super().clean()
        if data.get("status") == Workshop.Status.POSTPONED:
            for name in ("start_date", "end_date"):
                if not data.get(name):
                    self.add_error(name, _("A postponed workshop needs its new dates."))
        return data


class CapacityForm(forms.Form):
    """The capacity, the most per government delegation and a quota per category (empty:
    no limit)."""

    capacity = forms.IntegerField(label=_("Capacity"), min_value=0, required=False)
    quota_per_delegation = forms.IntegerField(
        label=_("At most per government delegation"), min_value=0, required=False
    )

    def __init__(self, *args, workshop, **kwargs):
        quotas = {quota.category: quota.limit for quota in workshop.quotas.all()}
        initial = {
            "capacity": workshop.capacity,
            "quota_per_delegation": workshop.quota_per_delegation,
            **{f"quota_{category}": limit for category, limit in quotas.items()},
        }
        super().__init__(*args, initial=initial, **kwargs)
        for category, label in Organization.Kind.choices:
            self.fields[f"quota_{category}"] = forms.IntegerField(
                label=_("At most: %(category)s") % {"category": label},
                min_value=0,
                required=False,
            )
        self.helper = _helper()

    def quotas(self):
        return {
            category: self.cleaned_data.get(f"quota_{category}")
            for category, _label in Organization.Kind.choices
        }


class RegistrationWindowForm(forms.Form):
    registration_opens = forms.DateTimeField(
        label=_("Registration opens"), required=False, widget=MOMENT, input_formats=MOMENT_FORMATS
    )
    registration_closes = forms.DateTimeField(
        label=_("Registration closes"), required=False, widget=MOMENT, input_formats=MOMENT_FORMATS
    )

    def __init__(self, *args, workshop, **kwargs):
        self.zone = workshop.zone
        initial = {
            name: timezone.localtime(value, self.zone).replace(tzinfo=None)
            for name in ("registration_opens", "registration_closes")
            if (value := getattr(workshop, name)) is not None
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.helper = _helper(
            Row(
                Column(Field("registration_opens"), css_class="col-md-6"),
                Column(Field("registration_closes"), css_class="col-md-6"),
            )
        )

    def clean(self):
        data = super().clean()
        for name in ("registration_opens", "registration_closes"):
            if data.get(name) is not None:
                # Read as the venue's wall clock, whatever zone the request runs in.
                data[name] = timezone.make_aware(data[name].replace(tzinfo=None), self.zone)
        return data
