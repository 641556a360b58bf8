# A module this program imports reaches __main__ (facts mainReached: plugins does `import __main__` and calls
# `__main__.configure()` at import), so the script's own functions may run before the site though nothing
# here calls them: configure() installs a policy that changes get_event_loop() (probe round 7, W18).
import asyncio


class AuditPolicy(asyncio.DefaultEventLoopPolicy):
    def get_event_loop(self):
        print("audit policy: loop handed out")
        return super().get_event_loop()


def configure():
    asyncio.set_event_loop_policy(AuditPolicy())


import plugins  # noqa: E402  (plugins call configure())


async def main():
    await asyncio.sleep(0)
    print("main ran")


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
