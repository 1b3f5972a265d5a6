"""`python -m bot` is `funding-bot`."""

import sys

from bot.cli import main

sys.exit(main())
