import asyncio
import os

# Defaults can be overridden with LEGACY_APP_* environment variables.
DEFAULTS = {
    "workers": 4,
    "queue_size": 100,
    "fetch_timeout": 5.0,
    "host": "127.0.0.1",
    "port": 0,
}


def load_config(env=None):
    env = os.environ if env is None else env
    config = dict(DEFAULTS)
    for key, default in DEFAULTS.items():
        raw = env.get("LEGACY_APP_" + key.upper())
        if raw is not None:
            config[key] = type(default)(raw)
    return config


def install_policy():
    """Pick the event loop implementation for the whole process."""
    # swap for uvloop in production:
    #   import uvloop; asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    asyncio.set_event_loop_policy(asyncio.DefaultEventLoopPolicy())
