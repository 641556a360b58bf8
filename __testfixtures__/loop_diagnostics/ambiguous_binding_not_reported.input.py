from asyncio import get_event_loop

try:
    import uvloop
except ImportError:
    def get_event_loop():
        return None


def helper():
    # get_event_loop is bound twice: it may not be asyncio's, so nothing is claimed here.
    return get_event_loop()
