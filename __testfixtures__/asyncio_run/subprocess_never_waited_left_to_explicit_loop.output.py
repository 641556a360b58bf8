# probe round 10, W8: the child process is started and never waited for. asyncio.run() would close the loop while
# its transport lives; collected later, the transport's __del__ calls call_soon() on the closed loop ("Exception
# ignored ... RuntimeError: Event loop is closed" on 3.12 and 3.13) and no longer kills the child. A file that
# starts subprocesses and never waits for one (.wait(), .communicate()) is left to explicit_loop (P3a condition 7).
import asyncio
import sys


async def main():
    await asyncio.create_subprocess_exec(sys.executable, "-c", "pass", stdin=asyncio.subprocess.PIPE)


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
