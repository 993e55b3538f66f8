"""Stage 1: read the project's sources with their marks and validate them into the model."""
