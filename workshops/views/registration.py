"""A delegate's registrations (issue 4, in progress)."""


def register(request, year, slug):
    raise NotImplementedError


def my_registrations(request):
    raise NotImplementedError


def change(request, pk):
    raise NotImplementedError


def cancel(request, pk):
    raise NotImplementedError


def confirmation_pdf(request, pk):
    raise NotImplementedError


def visa_letter_pdf(request, pk):
    raise NotImplementedError
