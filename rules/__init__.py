"""The rule catalog: one module per category, one class per rule.

Installed as `schemalint.rules`. Every `Rule` subclass with an `id` in these
modules is registered; its docstring is what `schemalint explain` prints.
"""
