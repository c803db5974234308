"""The whole test run checks every compiled gradient's first call against the user's
function (srcgrad.verify), unless SRCGRAD_VERIFY is set otherwise in the environment."""

import os

os.environ.setdefault("SRCGRAD_VERIFY", "1")
