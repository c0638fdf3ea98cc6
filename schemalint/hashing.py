"""SHA-256 without loading OpenSSL: hashlib imports it first (2 ms of every start), while CPython's own
implementation gives the same digest. Fingerprints and lock hashes are short inputs, where the two cost the same."""
try:
    from _sha2 import sha256  # CPython 3.12+
except ImportError:
    try:
        from _sha256 import sha256  # CPython 3.11
    except ImportError:  # another interpreter
        from hashlib import sha256

__all__ = ["sha256"]
