"""Parsers for publishers' own formats. Pure Python: no Django imports here.

Each parser turns a raw file into :class:`~migrights.importers.records.ParsedAction` rows
named by the publisher's own participant names, plus every problem it found. Mapping names
to country codes and loading into the database happen later, in ``migrights.reference``.
"""
