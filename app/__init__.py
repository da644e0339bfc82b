"""The application core: keys, rules, services and documents. No Qt here.

ui/ calls into this package; it reports back through return values, typed errors
(app.core.errors) and plain callbacks.
"""

APP_NAME = "Tackling CSE Toolkit"
APP_ID = "cse-toolkit"
__version__ = "0.1.0"
