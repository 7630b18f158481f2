"""`python -m bot.slack`: the Slack turn worker, started (and given its work) by `python -m bot serve`."""

import asyncio
import logging

from bot.slack.turn_worker import serve_stdin, yield_cpu

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s (slack turn worker): %(message)s")
yield_cpu()
asyncio.run(serve_stdin())
