# probe round 13, E W4: Thread(target=worker).run() runs worker in the calling thread, where it sets a loop and
# closes it; get_event_loop() after it returns that closed loop. A thread target counts as code of the entry path
# in a file with such a run(): LS301.
import asyncio
import threading


def worker():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(asyncio.sleep(0))
    loop.close()


if __name__ == "__main__":
    threading.Thread(target=worker).run()
    print("closed:", asyncio.get_event_loop().is_closed())
