"""Tests of the Discord adapter.

discord.py 2.7 imports the `audioop` module, deprecated since Python 3.11, and the suite turns
warnings into errors: import it once here with that one warning silenced.
"""

import warnings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", "'audioop' is deprecated", DeprecationWarning)
    import discord  # noqa: F401
