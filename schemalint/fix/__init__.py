"""Findings to edits: plan the fixes, apply them to the source text without losing what the user wrote."""
