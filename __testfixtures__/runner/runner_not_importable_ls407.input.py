async def work(n):
    return n


def main():
    from asyncio import get_event_loop  # a function-level import: no module-level place for Runner

    loop = get_event_loop()
    loop.run_until_complete(work(1))
    loop.run_until_complete(work(2))
    loop.close()


if __name__ == "__main__":
    main()
