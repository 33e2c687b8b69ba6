"""Forms of the one-stop desk: plain data in, PDF (or xlsx) bytes out.

No Qt and no database here: the services layer builds the records of
:mod:`onestop.printing.models` and the GUI previews or prints the bytes returned.
"""

from onestop.printing.catalogue import render_catalogue
from onestop.printing.control import render_control_sheet
from onestop.printing.models import (
    AgencyHeader,
    CatalogueEntry,
    DocumentLine,
    DossierPrint,
    HandOver,
    RegisterRow,
)
from onestop.printing.receipt import render_receipt
from onestop.printing.register import render_register
from onestop.printing.register_xlsx import register_xlsx
from onestop.printing.slips import (
    render_apology,
    render_calendar_notices,
    render_refusal,
    render_stop,
    render_supplement,
)
from onestop.printing.templates import FORM_TEMPLATES, FormTemplate, template_for
from onestop.printing.textfmt import format_vnd, vn_date_line, vn_datetime_words

__all__ = [
    "FORM_TEMPLATES",
    "AgencyHeader",
    "CatalogueEntry",
    "DocumentLine",
    "DossierPrint",
    "FormTemplate",
    "HandOver",
    "RegisterRow",
    "format_vnd",
    "register_xlsx",
    "render_apology",
    "render_calendar_notices",
    "render_catalogue",
    "render_control_sheet",
    "render_receipt",
    "render_refusal",
    "render_register",
    "render_stop",
    "render_supplement",
    "template_for",
    "vn_date_line",
    "vn_datetime_words",
]
