"""`schemalint calls`: recorded tool calls read as evidence about the tool schemas.

`stream` reads log files into records, `formats` turns each record into calls and results, `pairing` joins them
by id, `classify` gives every call one class against the tool schema and the backend contract, `groups` folds the
classified calls into (class, tool, param, keyword) groups with a suggestion, and `report` renders them.
"""
