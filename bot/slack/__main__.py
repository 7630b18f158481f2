"""`python -m bot.slack`: the Slack turn worker, started (and given its work) by `python -m bot serve`."""

import asyncio
import logging
import signal

from bot.slack.turn_worker import lower_priority, serve_stdin

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s (slack turn worker): %(message)s")
# Ctrl+C in a terminal reaches the whole process group; the worker stops when the server closes its stdin,
# after its turns in flight, not halfway through one.
signal.signal(signal.SIGINT, signal.SIG_IGN)
lower_priority()
asyncio.run(serve_stdin())
