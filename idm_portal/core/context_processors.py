from idm_portal.core.roles import Roles


def roles(request):
    return {"roles": Roles(getattr(request, "user", None))}
