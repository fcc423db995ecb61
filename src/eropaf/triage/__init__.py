"""Triage: the municipality's policy (afwegingskader) as data, and its pure evaluation on case facts."""
