"""The partner API for deliveries: hand in signals, read delivery reports, withdraw signals.

Only partner systems with an API key reach it (``eropaf.accounts.authentication``); every call sees
the own partner's data only, and every error is an RFC 9457 problem.
"""
