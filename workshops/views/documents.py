"""Documents of workshops: upload (Secretariat), download (issue 3, in progress)."""


def document(request, pk):
    raise NotImplementedError


def upload(request, year, slug):
    raise NotImplementedError


def delete(request, year, slug, pk):
    raise NotImplementedError
