"""Alembic migrations; the revisions live in versions/."""
