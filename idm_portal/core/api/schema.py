"""The OpenAPI schema's shared parts: the ``lang`` parameter of every operation, the
problem-details answers (RFC 9457) every operation may give, and the texts that
``?lang=all`` gives in each language."""

import copy

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
    },
    "required": ["type", "title", "status", "detail"],
}

ERRORS = {
    "400": "The request is not valid",
    "401": "A valid API token is needed",
    "403": "This token may not do this",
    "404": "Not found",
    "405": "Method not allowed",
    "406": "Not acceptable",
    "409": "The portal's rules refuse this",
    "415": "Unsupported media type",
    "429": "Too many requests (see Retry-After)",
}


class ApiSchema(AutoSchema):
    def get_override_parameters(self):
        return [
            *super().get_override_parameters(),
            OpenApiParameter(
                "lang",
                str,
                OpenApiParameter.QUERY,
                enum=["en", "fr", "es", "all"],
                description=(
                    "Content language (else Accept-Language, else English). `all`: each "
                    "translated text of the public endpoints as an object "
                    '{"en": ..., "fr": ..., "es": ...}, every other text in English.'
                ),
            ),
        ]


def add_problem_responses(result, generator, request, public):
    """Postprocessing hook: every operation may answer a problem, and a GET 304; the
    translated texts are a text or, with ?lang=all, an object of the three languages."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    _in_each_language(result["components"]["schemas"])
    ref = {"$ref": "#/components/schemas/Problem"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            for code, text in ERRORS.items():
                responses.setdefault(
                    code,
                    {"description": text, "content": {"application/problem+json": {"schema": ref}}},
                )
            if method == "get":
                responses.setdefault("304", {"description": "Not modified (If-None-Match)"})
    return result


def _in_each_language(schemas):
    """Each translated property (``Meta.translated`` of an InEachLanguage serializer):
    ``oneOf`` the text as it is, or {"en": text, "fr": text, "es": text}."""
    from django.conf import settings

    from idm_portal.core.api.serializers import TRANSLATED_COMPONENTS

    codes = [code for code, _name in settings.LANGUAGES]
    for component, names in TRANSLATED_COMPONENTS.items():
        properties = schemas.get(component, {}).get("properties", {})
        for name in names:
            if name not in properties or "oneOf" in properties[name]:
                continue
            text = properties[name]
            one = {key: value for key, value in text.items() if key not in ("readOnly",)}
            properties[name] = {
                "oneOf": [
                    one,
                    {
                        "type": "object",
                        "description": "With ?lang=all: the text in each language.",
                        "properties": {code: copy.deepcopy(one) for code in codes},
                        "required": codes,
                        "additionalProperties": False,
                    },
                ],
                **({"readOnly": True} if text.get("readOnly") else {}),
            }
