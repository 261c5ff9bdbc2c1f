"""The Secretariat's agenda editor (issue 3, in progress)."""


def editor(request, year, slug):
    raise NotImplementedError


def session_new(request, year, slug):
    raise NotImplementedError


def session_edit(request, year, slug, pk):
    raise NotImplementedError


def session_delete(request, year, slug, pk):
    raise NotImplementedError


def reorder(request, year, slug):
    raise NotImplementedError


def session_speakers(request, year, slug, pk):
    raise NotImplementedError


def speaker_remove(request, year, slug, pk):
    raise NotImplementedError


def speaker_search(request, year, slug):
    raise NotImplementedError


def speaker_new(request, year, slug):
    raise NotImplementedError


def publish(request, year, slug):
    raise NotImplementedError
