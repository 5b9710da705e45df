"""Error reports (500 e-mails, logged tracebacks) without NIK, KK, passwords or codes.

Django's SafeExceptionReporterFilter already hides settings and parameters that look like
secrets; this one also hides the form fields that carry identity numbers and one-time codes,
and masks any 16-digit run left in other values, the URL and local variables.
"""

import re

from django.template.defaultfilters import pprint
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from .logging import mask_digits

SENSITIVE_POST = re.compile(
    r"(^|[-_])(nik|kk|no_kk|nomor_kk|password\d?|old_password|new_password\d?|token|otp|code|"
    r"secret|csrfmiddlewaretoken)$",
    re.IGNORECASE,
)


class MaskingReporterFilter(SafeExceptionReporterFilter):
    hidden_settings = re.compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|DATABASE_URL", flags=re.IGNORECASE
    )

    def is_active(self, request) -> bool:
        return True  # also when DEBUG is on: a full NIK must never reach a report

    def get_post_parameters(self, request):
        params = super().get_post_parameters(request)
        if request is None:
            return params
        cleaned = params.copy()
        for name in list(cleaned.keys()):
            if SENSITIVE_POST.search(name):
                cleaned[name] = self.cleansed_substitute
            else:
                cleaned.setlist(name, [mask_digits(str(v)) for v in cleaned.getlist(name)])
        return cleaned

    def cleanse_special_types(self, request, value):
        value = super().cleanse_special_types(request, value)
        if isinstance(value, str):
            return mask_digits(value)
        return value

    def cleanse_setting(self, key, value):
        value = super().cleanse_setting(key, value)
        return mask_digits(value) if isinstance(value, str) else value

    def get_traceback_frame_variables(self, request, tb_frame):
        return [
            (
                name,
                self.cleansed_substitute
                if self.hidden_settings.search(name) or SENSITIVE_POST.search(name)
                else mask_digits(pprint(value)),
            )
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]


class MaskingExceptionReporter(ExceptionReporter):
    """The whole report, HTML and text, with every 16-digit run masked (the URL, GET
    parameters and headers are shown by Django without passing through the filter)."""

    def get_traceback_html(self):
        return mask_digits(str(super().get_traceback_html()))

    def get_traceback_text(self):
        return mask_digits(str(super().get_traceback_text()))
