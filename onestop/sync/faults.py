"""Fault points of the sync cycle (the mechanism itself is :mod:`onestop.faults`)."""

from __future__ import annotations

from onestop.faults import hit

__all__ = ["POINTS", "hit"]

POINTS = (
    "push.begin", "push.after_copy", "push.after_upsert", "push.before_commit",
    "push.after_commit", "push.after_mark",
    "pull.after_fetch", "pull.before_commit", "pull.after_commit",
)
