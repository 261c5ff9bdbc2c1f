"""Shared pieces of the tests of the day in the room: statements and lists of speakers."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from workshops.demo import tiny_pdf


def pdf_upload(name="statement.pdf", *lines):
    return SimpleUploadedFile(
        name, tiny_pdf(*(lines or ("Statement of Switzerland",))), "application/pdf"
    )


def docx_upload(name="statement.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), "application/octet-stream")


def pptx_upload(name="statement.pptx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("ppt/presentation.xml", "<presentation/>")
    return SimpleUploadedFile(name, buffer.getvalue(), "application/octet-stream")
