"""Casework endpoints (router mounted at /api/v1/casework)."""

from ninja import Router

router = Router(tags=["casework"])
