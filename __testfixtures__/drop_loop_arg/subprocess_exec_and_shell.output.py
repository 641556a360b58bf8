# loopshift-fixture: runnable
import asyncio
import asyncio.subprocess
import sys
from asyncio import create_subprocess_shell as shell


async def main():
    loop = asyncio.get_running_loop()
    child = await asyncio.subprocess.create_subprocess_exec(
        sys.executable, "-c", "print('from exec')",
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await child.communicate()
    print(out.decode().strip(), child.returncode)
    child = await shell("echo from shell; exit 3", stdout=asyncio.subprocess.PIPE)
    out, _ = await child.communicate()
    print(out.decode().strip(), child.returncode)


asyncio.run(main())
