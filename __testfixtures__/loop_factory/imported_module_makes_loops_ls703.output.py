# probe round 8, W06: main() calls worker, a project module that makes a loop with new_event_loop() in a thread.
"""The uvloop policy installed here picks the class of that loop too; loop_factory would give uvloop to the
main run only, and the worker's loop would become a plain selector loop. A project module this file imports
that makes loops or uses the policy (importedEffects.newLoops: new_event_loop, asyncio.run, a Runner,
get_event_loop_policy) keeps the policy (project_effects.imported_policy_users). Left unchanged, reported.
Not runnable: it needs uvloop and the worker module."""
import asyncio

import uvloop

import worker


async def main():
    print("main loop:", type(asyncio.get_running_loop()).__name__)
    kind = await worker.offload()
    print("worker loop:", kind)


if __name__ == "__main__":
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    asyncio.run(main())
