"""The workshops' API: published workshops, agenda releases, public documents and the
frab schedule (public); registrations, invitations, suggestions and delegations (API
token with a scope). Writes call the same services as the pages."""
