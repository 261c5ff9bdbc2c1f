"""Forms of a workshop's agenda: sessions, speakers, their order, and documents
(crispy, Bootstrap 5)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from idm_portal.core import languages
from idm_portal.core.languages import per_language
from idm_portal.core.params import object_id
from workshops.models import Document, Session, SessionSpeaker, Speaker
from workshops.services.documents import CONTENT_TYPES as DOCUMENT_CONTENT_TYPES


class SessionForm(forms.ModelForm):
    """A session of the agenda editor. The model refuses a session that ends before (or
    when) it starts; the form shows that message under "ends"."""

    class Meta:
        model = Session
        fields = [
            "date", "start_time", "end_time", "kind", "room",
            *per_language("title", "description"),
        ]  # fmt: skip
        labels = {"date": _("Day")}
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            **{name: forms.Textarea(attrs={"rows": 2}) for name in per_language("description")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].widget.attrs["placeholder"] = _("Room XVII")
        languages.prepare(self, "title", "description")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # htmx sends the token in a header
        # Laid out for a day's column (about 25rem), whatever the window's width.
        # Title and description: English, French and Spanish one under another (the column
        # is too narrow for three side by side).
        self.helper.layout = Layout(
            languages.side_by_side(self, "title", width=12),
            Row(
                Column(Field("date"), css_class="col-6"),
                Column(Field("kind"), css_class="col-6"),
                css_class="g-2",
            ),
            Row(
                Column(Field("start_time"), css_class="col-4"),
                Column(Field("end_time"), css_class="col-4"),
                Column(Field("room"), css_class="col-4"),
                css_class="g-2",
            ),
            languages.side_by_side(self, "description", width=12),
        )

    def changes(self):
        """The cleaned values, as the agenda services take them."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class SpeakerForm(forms.ModelForm):
    """A new speaker, created on the spot and given a role in a session."""

    role = forms.ChoiceField(
        label=_("Role"), choices=SessionSpeaker.Role.choices, initial=SessionSpeaker.Role.PANELLIST
    )

    class Meta:
        model = Speaker
        fields = ["title", "name", "position", "organization", "email"]
        help_texts = {"title": "", "email": _("Not published.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["placeholder"] = _("Ms, Mr, Dr, H.E.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column(Field("title"), css_class="col-4"),
                Column(Field("name"), css_class="col-8"),
                css_class="g-2",
            ),
            Field("position"),
            Field("organization"),
            Row(
                Column(Field("email"), css_class="col-7"),
                Column(Field("role"), css_class="col-5"),
                css_class="g-2",
            ),
        )

    def speaker_fields(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class AssignSpeakerForm(forms.Form):
    """An existing speaker (picked from the search) and the role they get in a session."""

    speaker = forms.ModelChoiceField(label=_("Speaker"), queryset=Speaker.objects.all())
    role = forms.ChoiceField(label=_("Role"), choices=SessionSpeaker.Role.choices)


class ReorderForm(forms.Form):
    """One day of a workshop and its sessions' ids, in their new order."""

    date = forms.DateField(label=_("Day"))

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.session_ids = data.getlist("session") if hasattr(data, "getlist") else []

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["session_ids"] = [int(value) for value in self.session_ids]
            if any(object_id(value) is None for value in self.session_ids):
                raise ValueError
        except ValueError:
            raise forms.ValidationError(
                _("The order lists something that is not a session.")
            ) from None
        if not cleaned["session_ids"]:
            raise forms.ValidationError(_("The order lists no session."))
        return cleaned


class DocumentForm(forms.Form):
    """Upload of a document to a workshop (and optionally one of its sessions). The file is
    checked by its content in ``workshops.services.documents.upload_document``; ``accept``
    only helps the browser's file picker."""

    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(
            attrs={"accept": ".pdf,.docx,.pptx,.xlsx," + ",".join(DOCUMENT_CONTENT_TYPES.values())}
        ),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="en")
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        initial=True,
        help_text=_("Unticked, only the Secretariat can open it."),
    )
    session = forms.ModelChoiceField(
        label=_("Session"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("The whole workshop"),
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        self.fields["session"].queryset = Session.objects.filter(workshop=workshop)
        self.fields["file"].help_text = _(
            "PDF, Word (DOCX), PowerPoint (PPTX) or Excel (XLSX), at most %(limit)d MB."
        ) % {"limit": settings.DOCUMENT_MAX_UPLOAD_MB}
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template's <form> carries the htmx attributes
        self.helper.disable_csrf = True  # the template's <form> has the token
