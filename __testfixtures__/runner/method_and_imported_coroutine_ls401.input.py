import asyncio

from client import fetch_all


class Client:
    async def fetch(self):
        return 1


if __name__ == "__main__":
    client = Client()
    loop = asyncio.get_event_loop()
    loop.run_until_complete(client.fetch())
    loop.run_until_complete(fetch_all())
    loop.close()
