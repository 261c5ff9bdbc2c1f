"""The API's common parts (token authentication, scopes, problem details, pagination,
throttling, ETags, content language) and its core endpoints (IDM years, the outbox)."""
