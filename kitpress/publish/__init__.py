"""Stage 3: write the Markdown pages, the bundles, the offline copy and the MkDocs site."""
