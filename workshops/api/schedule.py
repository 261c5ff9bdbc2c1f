"""The published agenda in the frab/pentabarf schedule formats (XML and JSON), public."""

import json

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from idm_portal.core.api.base import ApiView
from idm_portal.core.links import absolute_url
from workshops import frab, queries
from workshops.api.public import published_workshop


class FrabXmlRenderer(renderers.BaseRenderer):
    media_type = "application/xml"
    format = "xml"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode()  # a problem (404, 429...), sent as problem+json


def _schedule(workshop_pk):
    workshop = published_workshop(workshop_pk)
    published = queries.published_agenda(workshop)
    if published is None:
        raise NotFound("The agenda has not been published yet.")
    base_url = absolute_url(
        reverse("workshops:agenda", kwargs={"year": workshop.idm_year.year, "slug": workshop.slug})
    )
    return workshop, frab.schedule(workshop, published.release, base_url=base_url)


class ScheduleXml(ApiView):
    """The latest agenda release as frab schedule XML (conference apps: Giggity,
    EventFahrplan...)."""

    renderer_classes = [FrabXmlRenderer, renderers.JSONRenderer]

    @extend_schema(
        responses={(200, "application/xml"): OpenApiResponse(OpenApiTypes.STR)},
    )
    def get(self, request, workshop_pk):
        workshop, data = _schedule(workshop_pk)
        response = HttpResponse(frab.schedule_xml(data), content_type="application/xml")
        response["Content-Disposition"] = f'inline; filename="{workshop.slug}-schedule.xml"'
        return response


class ScheduleJson(ApiView):
    """The latest agenda release as frab schedule JSON (the c3voc schedule format)."""

    @extend_schema(responses={200: OpenApiResponse(OpenApiTypes.OBJECT)})
    def get(self, request, workshop_pk):
        _workshop, data = _schedule(workshop_pk)
        return Response(data)
