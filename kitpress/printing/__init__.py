"""Stage 2: plan, lay out and render posters and printables to PDF."""
