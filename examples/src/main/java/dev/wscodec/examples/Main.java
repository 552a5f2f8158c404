package dev.wscodec.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Set;

/** The examples' command line: {@code java -jar wscodec-examples.jar [COMMAND] [OPTIONS]}. */
public final class Main {

    static final String USAGE = """
            Usage: java -jar wscodec-examples.jar [COMMAND] [OPTIONS]

            Commands:
              demo      (default) The browser demo: serves the page on http://localhost:PORT/ and WebSockets
                        on /echo and /chat. Ctrl+C shuts down gracefully (clients get 1001).
                          --port P          port to listen on (default 9876; 0 picks a free one)
                          --host H          address to bind (default 0.0.0.0)
                          --no-deflate      decline permessage-deflate offers (accepted by default)
              echo      An echo server: text back as text, binary back as binary, on any path.
                          --port P          port (default 9001)   --host H   address (default 0.0.0.0)
                          --max-message B   largest message in bytes (default 1048576)
                          --instances N     verticle instances, i.e. event loops (default 1)
                          --no-deflate      decline permessage-deflate offers (accepted by default)
              chat      A chat room: a welcome on connect, every message broadcast to the room with time and
                        sender, 'quit' leaves. Subprotocol 'chat' is chosen when offered. Connect to
                        ws://localhost:PORT/chat?name=NAME (name optional).
                          --port P (default 9877)  --host H  --instances N (default 2)
              ticker    Topic updates: send 'subscribe TOPIC' / 'unsubscribe TOPIC' (topics: any word) and
                        receive a line per topic every --interval ms. Slow clients get only the latest
                        update per topic instead of a growing queue (--overflow latest|drop).
                          --port P (default 9878)  --host H  --interval MS (default 500)
                          --overflow latest|drop (default latest)
              client    An interactive client, like wscat: stdin lines go out as text messages, received
                        messages are printed. End of input closes with 1000.
                          client URL [--subprotocol P]... [--header Name:Value]... [--no-deflate]
              blocking  The codec alone over java.net.ServerSocket, one thread per connection, no Vert.x:
                        an echo server (also a conformance target).
                          --port P (default 9001)  --host H  --max-message B  --max-connections N
                          --no-deflate

            Options for every command:
              --help    show this text
            """;

    private Main() {
    }

    public static void main(String[] args) {
        // Servers block in run() until the JVM is stopped; the client returns when its connection ended.
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit code, or blocks until the server is stopped. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "demo";
        String[] rest = args.length > 0 && !args[0].startsWith("-") ? Arrays.copyOfRange(args, 1, args.length) : args;
        try {
            switch (command) {
                case "demo" -> DemoServer.run(Args.parse(rest, Set.of("--port", "--host"), Set.of("--no-deflate")), out);
                case "echo" -> EchoServer.run(Args.parse(rest,
                        Set.of("--port", "--host", "--max-message", "--instances"), Set.of("--no-deflate")), out);
                case "chat" -> ChatServer.run(Args.parse(rest, Set.of("--port", "--host", "--instances"),
                        Set.of("--no-deflate")), out);
                case "ticker" -> TickerServer.run(Args.parse(rest,
                        Set.of("--port", "--host", "--interval", "--overflow"), Set.of("--no-deflate")), out);
                case "client" -> {
                    return CliClient.run(Args.parse(rest, Set.of("--subprotocol", "--header"), Set.of("--no-deflate")),
                            System.in, out, err);
                }
                case "blocking" -> {
                    Args a = Args.parse(rest, Set.of("--port", "--host", "--max-message", "--max-connections"),
                            Set.of("--no-deflate"));
                    BlockingEchoServer.run(a, a.intValue("--port", 0, 65535, 9001), out);
                }
                default -> {
                    err.println("Unknown command '" + command + "'. Commands: demo, echo, chat, ticker, client, blocking; see --help.");
                    return 2;
                }
            }
            return 0;
        } catch (Args.UsageException e) {
            err.println(e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (Exception e) {
            err.println("The " + command + " command failed: " + e);
            return 1;
        }
    }
}
