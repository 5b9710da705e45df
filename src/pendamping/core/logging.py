"""Keep full NIK/KK numbers out of logs: any run of 16 digits is masked."""

import logging
import re

_SIXTEEN = re.compile(r"(?<!\d)(\d{4})\d{10}(\d{2})(?!\d)")


def mask_digits(text: str) -> str:
    """Mask every 16-digit run (NIK, KK) the way screens do: 1471**********12."""
    return _SIXTEEN.sub(r"\1**********\2", text)


class MaskNikFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_digits(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
