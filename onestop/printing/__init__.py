"""Forms of the one-stop desk as PDF (and the register as xlsx): plain data in, bytes out."""

from onestop.printing.models import (
    AgencyHeader,
    CatalogueEntry,
    DocumentLine,
    DossierPrint,
    HandOver,
    RegisterRow,
)
from onestop.printing.receipt import render_receipt
from onestop.printing.templates import FormTemplate, template_for
from onestop.printing.textfmt import format_vnd, vn_date_line, vn_datetime_words

__all__ = [
    "AgencyHeader",
    "CatalogueEntry",
    "DocumentLine",
    "DossierPrint",
    "FormTemplate",
    "HandOver",
    "RegisterRow",
    "format_vnd",
    "render_receipt",
    "template_for",
    "vn_date_line",
    "vn_datetime_words",
]
