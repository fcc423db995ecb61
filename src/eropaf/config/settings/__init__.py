"""Settings, split by concern. Every value that differs between machines comes from the environment.

See docs/environment.md for the reference of all variables.
"""

from eropaf.config.settings.base import *
from eropaf.config.settings.integrations import *
from eropaf.config.settings.logging import *
from eropaf.config.settings.security import *
from eropaf.config.settings.tasks import *
