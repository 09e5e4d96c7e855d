"""The features read one site model and nothing another feature made: registered backwards, or
shuffled, they build the same site, byte for byte.

Each build runs in a process of its own: signal receivers stay connected for the life of a process,
in the order they were first connected, so a second registration in this one would change nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from test_parallel import digests

from conftest import FIXTURE_SITE, ROOT

BUILD = """
import random, sys, types
from pelican import Pelican
from pelican.settings import read_settings
import briefs

order = sys.argv[4]
features = list(briefs.FEATURES)
if order == "backwards":
    features.reverse()
elif order == "shuffled":
    random.Random(18).shuffle(features)

def register():
    for module in (*briefs.FOUNDATIONS, *features, *briefs.FINISH):
        module.register()

plugin = types.ModuleType("briefs_in_another_order")
plugin.register = register
settings = read_settings(sys.argv[1], override={
    "PATH": sys.argv[2], "OUTPUT_PATH": sys.argv[3], "CACHE_PATH": sys.argv[3] + "-cache",
    "PLUGINS": [plugin], "BRIEFS_SEARCH": False,
})
Pelican(settings).run()
"""


def build(content, output, order: str) -> dict:
    command = [sys.executable, "-c", BUILD, str(ROOT / "pelicanconf.py"), str(content), str(output), order]
    env = {"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return digests(output)


@pytest.mark.parametrize("order", ["backwards", "shuffled"])
def test_features_registered_in_another_order_build_the_same_site(tmp_path, order):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    usual = build(content, tmp_path / "usual", "usual")
    assert any(path.startswith("recaps/") for path in usual)  # the features did write their pages
    assert any(path.startswith("stories/") for path in usual)
    assert build(content, tmp_path / order, order) == usual
