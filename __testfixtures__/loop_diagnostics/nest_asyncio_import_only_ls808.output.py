import asyncio
import os, nest_asyncio  # applied elsewhere in the process


async def main():
    return os.getpid()
