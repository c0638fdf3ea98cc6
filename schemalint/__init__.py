"""schemalint: lint the tool (function-calling) schemas that applications hand to LLMs."""
__version__ = "0.1.0"
