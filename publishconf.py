"""Publishing settings: the development settings, with the published site's address."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403 - publishing extends development settings

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
FEED_DOMAIN = ""  # the site's address: the plugin fills in SITEURL
BRIEFS_REPO_URL = os.environ.get("BRIEFS_REPO_URL", "")
BRIEFS_CNAME = os.environ.get("BRIEFS_CNAME", "")
# A brief dated in the future is published by the first deploy after its date (the workflow deploys
# hourly); BRIEFS_NOW="2026-03-02T09:00:00+00:00" builds the site as it stood at that moment.
WITH_FUTURE_DATES = False
BRIEFS_NOW = os.environ.get("BRIEFS_NOW", "")
DRAFT_URL = ""
DRAFT_SAVE_AS = ""
BRIEFS_STRICT = True
DELETE_OUTPUT_DIRECTORY = True
