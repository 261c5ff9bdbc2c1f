"""The OpenAPI schema's shared parts: the ``lang`` parameter of every operation, and the
problem-details answers (RFC 9457) every operation may give."""

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
                enum=["en", "fr", "es"],
                description="Content language (else Accept-Language, else English).",
            ),
        ]


def add_problem_responses(result, generator, request, public):
    """Postprocessing hook: every operation may answer a problem, and a GET 304."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
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
