"""Test-wide settings: under CI, hypothesis replays a fixed set of examples (derandomize), so a
green run can be reproduced exactly; on a developer's machine it keeps exploring new ones."""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
