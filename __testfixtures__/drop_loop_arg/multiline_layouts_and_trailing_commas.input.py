import asyncio


async def main(work):
    loop = asyncio.get_running_loop()
    last_with_trailing_comma = asyncio.Queue(
        maxsize=3,
        loop=loop,
    )
    last_without_trailing_comma = asyncio.Queue(
        maxsize=3,
        loop=loop
    )
    middle = await asyncio.gather(
        work(1),
        loop=loop,
        return_exceptions=True,
    )
    first = await asyncio.wait_for(
        loop=loop,
        fut=work(2),
        timeout=1,
    )
    only = asyncio.Lock(
        loop=loop,
    )
    hanging = await asyncio.gather(work(3),
                                   work(4),
                                   loop=loop)
    hanging_middle = await asyncio.gather(work(5), loop=loop,
                                          return_exceptions=True)
    single_line_trailing = asyncio.Event(loop=loop,)
    spaced = asyncio.Semaphore( 2 , loop = loop )
    comment_on_previous_line_kept = asyncio.Queue(
        maxsize=3,  # small on purpose
        loop=loop,
    )
    comment_on_previous_line_no_comma = asyncio.Queue(
        maxsize=3,  # small on purpose
        loop=loop
    )
    comment_after_paren_kept = await asyncio.gather(  # all of them
        work(6),
        loop=loop,
    )
    leading_comma_style = await asyncio.gather(
        work(8)
        , loop=loop
    )
    backslash = await asyncio.gather(work(9), \
                                     loop=loop)
    starred = await asyncio.gather(*[work(7)], loop=loop, **{})
    return (last_with_trailing_comma, last_without_trailing_comma, middle, first, only, hanging,
            hanging_middle, single_line_trailing, spaced, comment_on_previous_line_kept,
            comment_on_previous_line_no_comma, comment_after_paren_kept, leading_comma_style, backslash, starred)
