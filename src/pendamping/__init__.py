"""Pendamping: an information system for Indonesia's social assistants."""

__version__ = "0.1.0"
