"""Discussion note PDF: IC/2009/5 through the portal's renderer beside WeasyPrint alone on the
same final HTML, and a 40-page note (seconds, peak memory).

The portal's renderer (consultations.services.notes.make_note_pdf) turns the Markdown into
numbered HTML, fills the letterhead template and hands it to WeasyPrint; "WeasyPrint alone"
is HTML(string=...).write_pdf() on the HTML that renderer produced. Both run ROUNDS times,
alternately, after one warm-up each; the medians are compared. The 40-page note (the body of
IC/2009/5 repeated, its footnotes renamed per copy) is rendered in a child process of its
own, so that its peak resident memory is its own: once timed (with its peak RSS), once under
tracemalloc (peak of Python allocations)."""

import json
import os
import statistics
import subprocess
import sys
import time

from bench.run import ROOT

ROUNDS = 5
COPIES = 9  # IC/2009/5's body fills four pages and a half: nine copies make forty

CHILD = r"""
import json, os, resource, sys, time, tracemalloc
sys.path.insert(0, sys.argv[1])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idm_portal.settings")
import django
django.setup()
from bench.pdf import long_note
from consultations.services.notes import make_note_pdf
note = long_note()
traced = sys.argv[2] == "traced"
import weasyprint  # imported before measuring, as in a worker that has made PDFs before
def rss_kib():
    with open("/proc/self/status") as status:
        return int(next(l.split()[1] for l in status if l.startswith("VmRSS:")))
before = rss_kib()
max_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if traced:
    tracemalloc.start()
started = time.perf_counter()
document = make_note_pdf(note)
seconds = time.perf_counter() - started
peak = tracemalloc.get_traced_memory()[1] if traced else 0
import subprocess, tempfile
with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
    file.write(document)
    file.flush()
    info = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True).stdout
pages = int(next(l.split()[-1] for l in info.splitlines() if l.startswith("Pages:")))
print(json.dumps({
    "seconds": seconds,
    "bytes": len(document),
    "pages": pages,
    "rss_before_kib": before,
    "rss_max_before_kib": max_before,
    "rss_peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "traced_peak": peak,
}))
"""


def seed_note():
    """IC/2009/5 as load_demo imports it (in the bench database)."""
    from consultations.services.notes import import_note
    from idm_portal.core.models import IdmYear

    IdmYear.objects.get_or_create(
        year=2009, defaults={"overarching_theme": "Human Rights and Migration"}
    )
    source = ROOT / "consultations" / "seed" / "IC-2009-5.en.md"
    note, _outcome = import_note(source.read_text(encoding="utf-8"))
    return note


def long_note():
    """An unsaved note of about forty pages: IC/2009/5's body, COPIES times."""
    from consultations.models import DiscussionNote
    from consultations.services.notes import parse_note_file

    source = ROOT / "consultations" / "seed" / "IC-2009-5.en.md"
    metadata, body = parse_note_file(source.read_text(encoding="utf-8"))
    metadata.pop("status", None)
    copies = [body.replace("[^workshop-", f"[^copy{n}-workshop-") for n in range(COPIES)]
    return DiscussionNote(slug="ic-2009-5", body="\n\n".join(copies), **metadata)


def _child(mode):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), mode],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(report):
    from django.conf import settings
    from weasyprint import HTML

    from consultations.services.notes import make_note_pdf, note_pdf_html

    note = seed_note()
    html = note_pdf_html(note)
    base_url = str(settings.BASE_DIR)

    def portal():
        return make_note_pdf(note)

    def weasyprint_alone():
        return HTML(string=html, base_url=base_url).write_pdf()

    assert portal().startswith(b"%PDF-")  # warm-up: imports, fonts, templates
    assert weasyprint_alone().startswith(b"%PDF-")
    portal_samples, alone_samples = [], []
    for _round in range(ROUNDS):  # alternate, so that both meet the same machine load
        started = time.perf_counter()
        portal()
        portal_samples.append(time.perf_counter() - started)
        started = time.perf_counter()
        weasyprint_alone()
        alone_samples.append(time.perf_counter() - started)
    portal_seconds = statistics.median(portal_samples)
    alone_seconds = statistics.median(alone_samples)
    report(f"IC/2009/5 through the portal's renderer (median of {ROUNDS})", portal_seconds, "s")
    report(f"IC/2009/5, WeasyPrint alone on the same HTML (median of {ROUNDS})", alone_seconds, "s")
    report("portal / WeasyPrint alone (goal < 1.2)", portal_seconds / alone_seconds, "x")

    timed = _child("timed")
    report(f"long note ({COPIES} copies of the body): pages", timed["pages"])
    report("long note: seconds to render", timed["seconds"], "s")
    report("long note: PDF size", timed["bytes"] // 1024, "KiB")
    report(
        "long note: RSS before rendering (Django, WeasyPrint loaded)",
        timed["rss_before_kib"] // 1024,
        "MiB",
    )
    report("long note: peak RSS before rendering", timed["rss_max_before_kib"] // 1024, "MiB")
    report("long note: peak RSS after rendering", timed["rss_peak_kib"] // 1024, "MiB")
    traced = _child("traced")
    report(
        "long note: peak Python allocations (tracemalloc)", traced["traced_peak"] // 2**20, "MiB"
    )
