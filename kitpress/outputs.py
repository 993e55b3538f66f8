"""The project's and the site's address space: source names, slugs, reserved names, output paths."""

from __future__ import annotations

import re

CONFIG_FILE = "mkdocs.yml"
SLUG = re.compile(r"^(?=.{3,40}$)[a-z0-9]+(?:-[a-z0-9]+)*$")
# Site folders a pack page must not shadow: generated sections and MkDocs/Material assets.
RESERVED = {
    "packs", "scenarios", "audiences", "downloads", "schema", "assets", "search",
    "stylesheets", "javascripts", "offline", "content", "build", "static", "404",
}  # fmt: skip
