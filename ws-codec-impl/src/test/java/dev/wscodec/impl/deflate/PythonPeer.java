package dev.wscodec.impl.deflate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Python {@code websockets} (Debian python3-websockets, asyncio API of 10.x) as a client or echo server. */
final class PythonPeer {

    static final String PYTHON = "/usr/bin/python3";

    /** The messages both sides exchange: argument-free so both sides build the same list. */
    static final String MESSAGES = """
            def messages():
                words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
                big = " ".join(words[(i * 7 + i // 3) % 8] + str(i % 97) for i in range(20000))
                out = ["Hello", "", "caf\\u00e9 \\u20ac " * 40, big, bytes(range(256)) * 200, b""]
                out += ["message %d: %s" % (i, big[i * 50:i * 50 + 500]) for i in range(40)]
                return out
            """;

    static final String CLIENT = MESSAGES + """
            import asyncio, sys, websockets
            from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory
            async def main(uri, mode):
                kwargs = {}
                if mode == "small-window":
                    kwargs["extensions"] = [ClientPerMessageDeflateFactory(
                        server_max_window_bits=10, client_no_context_takeover=True)]
                async with websockets.connect(uri, max_size=2**24, **kwargs) as ws:
                    print("EXT", ws.response_headers.get("Sec-WebSocket-Extensions"), flush=True)
                    for m in messages():
                        await ws.send(m)
                        r = await ws.recv()
                        if r != m:
                            print("MISMATCH", repr(m)[:60], repr(r)[:60], flush=True)
                            sys.exit(2)
                print("OK", flush=True)
            asyncio.run(main(sys.argv[1], sys.argv[2]))
            """;

    static final String SERVER = """
            import asyncio, sys, websockets
            from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory
            async def echo(ws, path=None):
                async for m in ws:
                    await ws.send(m)
            async def main(mode):
                kwargs = {}
                if mode == "full-window":
                    kwargs["extensions"] = [ServerPerMessageDeflateFactory()]
                async with websockets.serve(echo, "127.0.0.1", 0, max_size=2**24, **kwargs) as server:
                    print("PORT", server.sockets[0].getsockname()[1], flush=True)
                    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
            asyncio.run(main(sys.argv[1]))
            """;

    private PythonPeer() {
    }

    /** Whether /usr/bin/python3 can import websockets. */
    static boolean available() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import websockets").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts a script with arguments; stdout and stderr merged. */
    static Process start(Path dir, String name, String script, String... args) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, script);
        List<String> cmd = new ArrayList<>(List.of(PYTHON, file.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Waits for the process and returns its output lines; kills it after the timeout. */
    static List<String> finish(Process p) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return lines;
    }

    /** Reads the first line of a running process's output. */
    static String firstLine(Process p) throws IOException {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }
}
