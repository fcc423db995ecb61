"""The field checks behind ``eropaf.intake.validate.validate_rows``, one module per kind of value.

Each module turns the given values of its delivery fields into the columns of a signal and the rules
a value can break. Everything is a Polars expression, so a delivery is checked set-based.
"""
