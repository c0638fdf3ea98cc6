"""`schemalint diff BASE HEAD`: read both sides into tools, compare them, classify and report the changes."""
