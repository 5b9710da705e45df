"""Bulk import of people and households from CSV and XLSX."""
