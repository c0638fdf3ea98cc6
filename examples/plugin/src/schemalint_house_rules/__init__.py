"""House rules for schemalint, as a plugin: see rules.py."""
