"""Keep full NIK/KK numbers out of logs: any run of 16 digits is masked."""

import logging
import re

_SIXTEEN = re.compile(r"(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)")


def mask_digits(text: str) -> str:
    return _SIXTEEN.sub(r"\1********\2", text)


class MaskNikFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_digits(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
