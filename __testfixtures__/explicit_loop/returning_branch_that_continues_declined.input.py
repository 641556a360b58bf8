# A block ending in `return` never goes on to the site only if nothing in it leaves it first: a `continue`
# (or `break`) of a loop around the block skips the return, and the policy installed there is in force
# when get_event_loop() runs (probe round 7, W02).
import asyncio
import sys


class TracingPolicy(asyncio.DefaultEventLoopPolicy):
    def get_event_loop(self):
        print("tracing policy: get_event_loop")
        return super().get_event_loop()


async def serve():
    await asyncio.sleep(0)
    return 0


def main(argv):
    for arg in argv:
        if arg == "--trace":
            asyncio.set_event_loop_policy(TracingPolicy())
            if "--serve" in argv:
                continue
            print("tracing enabled, nothing to serve")
            return 1
    loop = asyncio.get_event_loop()
    return loop.run_until_complete(serve())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
