import asyncio


async def main(work):
    loop = asyncio.get_running_loop()
    trailing_comment = asyncio.Queue(
        maxsize=3,
        loop=loop,  # bind to the running loop
    )
    comment_line_above = await asyncio.gather(
        work(1),
        # the loop must be passed on Python 3.7
        loop=loop,
    )
    only_argument_after_commented_paren = asyncio.Lock(  # shared by all workers
        loop=loop,
    )
    comment_before_closing_paren = asyncio.Event(
        loop=loop  # why
    )
    hanging_after_commented_line = asyncio.gather(work(2),  # second
                                                  loop=loop)
    leading_comma_style = asyncio.gather(
        work(3)  # third
        , loop=loop
    )
    return (trailing_comment, comment_line_above, only_argument_after_commented_paren, comment_before_closing_paren,
            hanging_after_commented_line, leading_comma_style)
