"""The Secretariat's registrations of a workshop (issue 4, in progress)."""


def registrations(request, year, slug):
    raise NotImplementedError


def bulk(request, year, slug):
    raise NotImplementedError


def export_csv(request, year, slug):
    raise NotImplementedError


def export_xlsx(request, year, slug):
    raise NotImplementedError


def participants_pdf(request, year, slug):
    raise NotImplementedError


def check_in(request, year, slug):
    raise NotImplementedError


def statistics(request, year, slug):
    raise NotImplementedError
