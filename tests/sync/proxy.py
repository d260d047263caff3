"""A fault-injecting TCP proxy between a client and `pel serve` (no toxiproxy here).

Modes, switchable while it runs:
- `pass`: bytes go both ways untouched;
- `reset`: each new connection is reset at once;
- `drop_reply`: the request reaches the server, which answers (and commits), but the reply is
  thrown away and the client's connection closed;
- `truncate`: only the first bytes of the reply reach the client;
- `blackhole`: connections are accepted and nothing ever comes back;
- `latency`: every chunk waits `delay` seconds.
`mix` gives a share of connections to each faulty mode, at random (seeded): `{"reset": 0.2,
"drop_reply": 0.3}`; the rest pass.
"""

from __future__ import annotations

import asyncio
import random
import socket
import threading
from dataclasses import dataclass, field


@dataclass
class Faults:
    mode: str = "pass"
    delay: float = 0.0
    truncate_at: int = 40
    mix: dict[str, float] = field(default_factory=dict)
    seed: int = 0
    connections: int = 0
    faults: int = 0
    rng: random.Random = field(default_factory=random.Random)


class Proxy:
    def __init__(self, target_port: int, faults: Faults | None = None) -> None:
        self.target_port = target_port
        self.faults = faults or Faults()
        self.faults.rng.seed(self.faults.seed)
        self.loop = asyncio.new_event_loop()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._ready.wait(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self._server = self.loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", self.port))
        self._ready.set()
        self.loop.run_forever()

    def close(self) -> None:
        async def stop() -> None:
            self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self.loop.stop()

        asyncio.run_coroutine_threadsafe(stop(), self.loop)
        self._thread.join(5)

    def _mode(self) -> str:
        f = self.faults
        f.connections += 1
        if f.mix:
            roll = f.rng.random()
            for mode, share in f.mix.items():
                if roll < share:
                    f.faults += 1
                    return mode
                roll -= share
        if f.mode != "pass":
            f.faults += 1
        return f.mode

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        mode = self._mode()
        if mode == "reset":
            sock = writer.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            writer.close()
            return
        if mode == "blackhole":
            try:
                await reader.read(-1)
            finally:
                writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter, *, reply: bool) -> None:
            sent = 0
            try:
                while chunk := await src.read(65536):
                    if self.faults.delay and mode == "latency":
                        await asyncio.sleep(self.faults.delay)
                    if reply and mode == "drop_reply":
                        break  # the server answered (and committed); the client never hears it
                    if reply and mode == "truncate":
                        keep = max(0, self.faults.truncate_at - sent)
                        dst.write(chunk[:keep])
                        await dst.drain()
                        break
                    dst.write(chunk)
                    sent += len(chunk)
                    await dst.drain()
            except (ConnectionError, asyncio.IncompleteReadError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_writer, reply=False), pipe(up_reader, writer, reply=True))
