import asyncio

import uvloop

from app import main, setup


if __name__ == "__main__":
    uvloop.install()
    setup()
    asyncio.run(main())
