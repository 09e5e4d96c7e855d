"""Publishing settings: the development settings, with the published site's address."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403 - publishing extends development settings

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
FEED_DOMAIN = ""  # the site's address: the plugin fills in SITEURL
BRIEFS_REPO_URL = os.environ.get("BRIEFS_REPO_URL", "")
BRIEFS_CNAME = os.environ.get("BRIEFS_CNAME", "")
# Feed entry ids are minted under the address the site was first published at, so that moving it
# (to BRIEFS_CNAME, say) does not show every entry again as new. Set it before the first move.
BRIEFS_FEED_ID_AUTHORITY = os.environ.get("BRIEFS_FEED_ID_AUTHORITY", "")
# A brief dated in the future is published by the first deploy after its date (the workflow deploys
# hourly); BRIEFS_NOW="2026-03-02T09:00:00+00:00" builds the site as it stood at that moment.
WITH_FUTURE_DATES = False
BRIEFS_NOW = os.environ.get("BRIEFS_NOW", "")
DRAFT_URL = ""
DRAFT_SAVE_AS = ""
BRIEFS_STRICT = True
DELETE_OUTPUT_DIRECTORY = True
