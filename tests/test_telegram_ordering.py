"""Updates run concurrently across chats, in order within a chat, and floods are cut."""

from __future__ import annotations

import asyncio
import logging

import pytest
from telegram import Update
from telegram_support import ALICE, BOB, private_chat

from bot.telegram.ordering import PerChatUpdateProcessor


def update(update_id: int, user: dict) -> Update:
    return Update.de_json({"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "chat": private_chat(user), "from": user,
        "text": "hi"}}, None)


async def test_chats_run_in_parallel_but_each_in_order() -> None:
    processor = PerChatUpdateProcessor(max_concurrent_updates=8)
    log: list[str] = []
    alice_may_finish = asyncio.Event()

    async def work(name: str, wait: asyncio.Event | None = None) -> None:
        log.append(f"start {name}")
        if wait:
            await wait.wait()
        log.append(f"end {name}")

    async def bob_then_release() -> None:
        await work("bob1")
        alice_may_finish.set()

    async with processor:
        await asyncio.gather(
            processor.process_update(update(1, ALICE), work("alice1", alice_may_finish)),
            processor.process_update(update(2, ALICE), work("alice2")),
            processor.process_update(update(3, BOB), bob_then_release()),
        )
    assert log.index("end bob1") < log.index("end alice1")  # Bob was not held up by Alice
    assert log.index("end alice1") < log.index("start alice2")  # Alice's stay in order
    assert not processor._lanes


async def test_a_flooding_chat_has_its_excess_dropped(caplog: pytest.LogCaptureFixture) -> None:
    processor = PerChatUpdateProcessor(max_concurrent_updates=16, max_backlog=2)
    done: list[int] = []
    gate = asyncio.Event()

    async def work(n: int) -> None:
        await gate.wait()
        done.append(n)

    async with processor:
        tasks = [asyncio.create_task(processor.process_update(update(n, ALICE), work(n)))
                 for n in range(5)]
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        gate.set()
        with caplog.at_level(logging.WARNING):
            await asyncio.gather(*tasks)
    assert done == [0, 1]
    assert sum("flooding" in r.getMessage() for r in caplog.records) == 3
