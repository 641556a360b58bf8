# Logging calls run the handlers, filters and formatters configured for them: when the project installs
# code of its own into logging (facts `loggingHooks`: here a handler class that dictConfig builds by name),
# `logging.info()` before the site may run it, and it may set or use a loop (probe round 7, W12). logging is
# then no loop-free standard library for this file.
import asyncio
import logging
import logging.config

logging.config.dictConfig({"version": 1, "handlers": {"ship": {"class": "shipper.LoopHandler"}},
                           "root": {"handlers": ["ship"], "level": "INFO"}})


async def main():
    await asyncio.sleep(0)


if __name__ == "__main__":
    logging.info("starting")
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
