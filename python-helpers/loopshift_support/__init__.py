"""Shared machinery for loopshift transforms: file analysis, name resolution, import edits."""
