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
DRAFT_URL = ""
DRAFT_SAVE_AS = ""
BRIEFS_STRICT = True
DELETE_OUTPUT_DIRECTORY = True
