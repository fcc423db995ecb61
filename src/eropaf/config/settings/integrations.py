"""Outside systems: which implementation each integration uses, and how to reach it.

The defaults are the local implementations, so the demo and the tests need no network.
"""

from eropaf.config.settings.env import env_int, env_str

# BRP (Basisregistratie Personen) through Haal Centraal BRP Personen v2, or the local register.
BRP_REGISTRY = env_str("BRP_REGISTRY", "local")
BRP_BASE_URL = env_str("BRP_BASE_URL", "")
BRP_API_KEY = env_str("BRP_API_KEY", "")
BRP_TOKEN_URL = env_str("BRP_TOKEN_URL", "")
BRP_CLIENT_ID = env_str("BRP_CLIENT_ID", "")
BRP_CLIENT_SECRET = env_str("BRP_CLIENT_SECRET", "")
BRP_CLIENT_CERT = env_str("BRP_CLIENT_CERT", "")
BRP_CLIENT_KEY = env_str("BRP_CLIENT_KEY", "")
BRP_TIMEOUT_SECONDS = env_int("BRP_TIMEOUT_SECONDS", default=10)

# Debt services (schuldhulpverlening): the imported client list, or the proposed HTTP interface.
DEBT_SERVICES_REGISTRY = env_str("DEBT_SERVICES_REGISTRY", "list")
DEBT_SERVICES_BASE_URL = env_str("DEBT_SERVICES_BASE_URL", "")
DEBT_SERVICES_API_KEY = env_str("DEBT_SERVICES_API_KEY", "")
DEBT_SERVICES_TIMEOUT_SECONDS = env_int("DEBT_SERVICES_TIMEOUT_SECONDS", default=10)
