"""Settings for opening an upgraded fixture's pages: the test settings, with the fixture's own files.

config.settings_test pins MEDIA_ROOT to .test-media/; here it comes from the environment (the copied
fixture's media/, in a temporary folder), so the archived PDFs and evidence are the fixture's.
"""

import os

from config.settings_test import *  # noqa: F403

MEDIA_ROOT = os.environ["MEDIA_ROOT"]
