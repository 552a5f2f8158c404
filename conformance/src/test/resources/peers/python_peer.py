"""Python `websockets` as a peer of the project's tests (Debian python3-websockets, run with /usr/bin/python3).

  python_peer.py client URL [deflate|plain]   runs the echo checks against an echo server, one line per check
  python_peer.py server [deflate|plain]       an echo server on 127.0.0.1, prints "LISTENING <port>", stops on stdin EOF

Each check prints "OK <name>" or "FAIL <name>: <why>"; the exit code is 0 only if every check passed.
"""
import asyncio
import logging
import os
import sys

import websockets

SIZES = [0, 1, 125, 126, 65535, 65536, 1 << 20, 16 << 20]
results = []


def check(name, ok, why=""):
    results.append(ok)
    print(("OK %s" % name) if ok else ("FAIL %s: %s" % (name, why)), flush=True)


async def client(url, compression):
    comp = "deflate" if compression == "deflate" else None
    async with websockets.connect(url, subprotocols=["chat"], compression=comp, max_size=None,
                                  ping_interval=None) as ws:
        check("subprotocol", ws.subprotocol == "chat", "negotiated %r" % ws.subprotocol)
        ext = ws.response_headers.get("Sec-WebSocket-Extensions", "")
        check("compression-" + compression, ("permessage-deflate" in ext) == (comp is not None), "extensions %r" % ext)
        for n in SIZES:
            text = ("h\u00e9llo \u20ac" * (n // 10 + 1)).encode("utf-8")[:n].decode("utf-8", "ignore")
            await ws.send(text)
            echo = await ws.recv()
            check("text-%d" % n, echo == text, "echo differs (%d chars back)" % len(echo))
            data = os.urandom(n)
            await ws.send(data)
            echo = await ws.recv()
            check("binary-%d" % n, echo == data, "echo differs (%d bytes back)" % len(echo))
        await ws.send(["frag", "mented ", "\u00e9"])      # one text message in three frames
        check("fragmented-text", await ws.recv() == "fragmented \u00e9", "bad echo")
        await ws.send([b"\x00\x01", b"", b"\x02"])
        check("fragmented-binary", await ws.recv() == b"\x00\x01\x02", "bad echo")
        pong = await ws.ping(b"are you there")
        await asyncio.wait_for(pong, 10)
        check("ping-pong", True)
        await ws.close(4001, "bye from python")
        check("close-code", ws.close_code == 4001, "server answered %r %r" % (ws.close_code, ws.close_reason))


async def echo(ws, path=None):
    try:
        async for message in ws:
            if isinstance(message, str) and message.startswith("close:"):
                _, code, reason = message.split(":", 2)   # "close:4002:why" asks this server to close
                await ws.close(int(code), reason)
                return
            await ws.send(message)
    except websockets.ConnectionClosed:
        pass


async def server(compression):
    comp = "deflate" if compression == "deflate" else None
    async with websockets.serve(echo, "127.0.0.1", 0, subprotocols=["chat"], compression=comp, max_size=None,
                                ping_interval=None) as srv:
        port = srv.sockets[0].getsockname()[1]
        print("LISTENING %d" % port, flush=True)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, sys.stdin.read)


def main():
    mode = sys.argv[1]
    if mode == "client":
        try:
            asyncio.run(client(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "plain"))
        except Exception as e:  # a crash is a failed check, with its reason
            check("client-run", False, repr(e))
        sys.exit(0 if results and all(results) else 1)
    else:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr)   # the server's log ends up in target/peers/
        asyncio.run(server(sys.argv[2] if len(sys.argv) > 2 else "plain"))


if __name__ == "__main__":
    main()
