"""`python -m bot.slack`: the Slack turn worker, started (and given its work) by `python -m bot serve`."""

import asyncio
import logging

from bot.slack.turn_worker import lower_priority, serve_stdin

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s (slack turn worker): %(message)s")
lower_priority()
asyncio.run(serve_stdin())
