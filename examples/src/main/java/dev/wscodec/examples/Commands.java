package dev.wscodec.examples;

import dev.wscodec.api.WsConfig;
import dev.wscodec.examples.Command.Option;
import java.util.List;

/**
 * The jar's commands and their option tables: what {@code --help} prints and what each command line is parsed
 * with. To add an option to a command, add a line to its list (options several commands share are constants here).
 */
final class Commands {

    // Options several commands share.
    static final Option HOST = Option.valued("--host", "H",
            "address to bind (default " + dev.wscodec.vertx.WsServerOptions.DEFAULT_HOST + ", every interface)");
    static final Option NO_DEFLATE = Option.flag("--no-deflate",
            "decline permessage-deflate offers (accepted by default)");
    /** {@link #NO_DEFLATE} for the servers that send through topics ({@link Servers#fanOutCodec}). */
    static final Option NO_DEFLATE_FAN_OUT = Option.flag("--no-deflate",
            "decline permessage-deflate offers (accepted by default, a fresh\n"
                    + "context per message: each room or topic message is compressed once)");
    static final Option MAX_MESSAGE = Option.valued("--max-message", "B",
            "largest message in bytes (default " + WsConfig.DEFAULT_MAX_MESSAGE_SIZE + ")");
    static Option subprotocol(List<String> fallback) {
        return Option.valued("--subprotocol", "NAME", "a subprotocol to choose when a client offers it; repeat\n"
                + "to name several, most preferred first (default: "
                + (fallback.isEmpty() ? "none" : String.join(", ", fallback)) + ")");
    }

    static final Option TLS_CERT = Option.valued("--tls-cert", "PEM",
            "serve wss:// (and https://) with this certificate chain, leaf first;\n"
                    + "needs --tls-key");
    static final Option TLS_KEY = Option.valued("--tls-key", "PEM", "the private key of --tls-cert (PKCS#8 or PKCS#1)");

    static final Option HIXIE76 = Option.flag("--hixie76",
            "also accept legacy draft-hixie-75/76 clients on the same port\n"
                    + "(no browser speaks it any more: text only, no pings)");

    /** The options of a node of a cluster (demo, chat, ticker); see {@link ClusterOptions}. */
    static final List<Option> CLUSTER = List.of(
            Option.flag("--cluster", "join a Hazelcast cluster and share rooms/topics with its other\n"
                    + "nodes (TCP-IP join; multicast off)"),
            Option.valued("--cluster-host", "H", "with --cluster: the address this node binds and advertises to\n"
                    + "the others (default: one Hazelcast picks)"),
            Option.valued("--cluster-port", "P", "with --cluster: the cluster member port (default "
                    + ClusterOptions.DEFAULT_PORT + ")"),
            Option.valued("--members", "H:P,...", "with --cluster: the members to join (repeatable); list every\n"
                    + "node, this one included"),
            Option.valued("--bus-port", "P", "with --cluster: the event bus port (default 0, any free one)"),
            Option.valued("--node-name", "NAME", "with --cluster: the name users see (default: member address)"),
            Option.valued("--join-timeout", "S", "with --cluster: give up (exit 1) when starting and joining\n"
                    + "takes longer (default " + ClusterOptions.DEFAULT_JOIN_TIMEOUT + ")"));

    /** {@code options} followed by the {@link #CLUSTER} options. */
    static List<Option> clustered(Option... options) {
        List<Option> all = new java.util.ArrayList<>(List.of(options));
        all.addAll(CLUSTER);
        return all;
    }

    static Option port(int fallback) {
        return Option.valued("--port", "P", "port to listen on (default " + fallback + "; 0 picks a free one)");
    }

    static Option instances(int fallback) {
        return Option.valued("--instances", "N", "verticle instances, i.e. event loops (default " + fallback + ")");
    }

    static final Command DEMO = new Command("demo", """
            (default) The browser demo: serves the page on http://localhost:PORT/ and WebSockets on /echo and
            /chat (and echo on /, for pages that connect to ws://HOST:PORT/); Prometheus metrics on /metrics,
            a health check on /health. Ctrl+C shuts down gracefully (clients get 1001).""", "", 0, clustered(
            port(DemoServer.DEFAULT_PORT),
            HOST,
            subprotocol(ChatServer.SUBPROTOCOLS),
            NO_DEFLATE_FAN_OUT,
            TLS_CERT,
            TLS_KEY,
            Option.valued("--allow-origin", "ORIGIN", "also accept WebSockets on /echo and /chat from pages\n"
                    + "of this origin, e.g. https://app.example.com (repeatable); by\n"
                    + "default only the demo's own pages and clients without Origin"),
            Option.valued("--drain", "S", "on Ctrl+C, answer /health with 503 for S seconds before\n"
                    + "closing (default 0)"),
            HIXIE76
    ), (a, out, err) -> {
        DemoServer.run(a, out);
        return 0;
    });

    static final Command ECHO = new Command("echo", """
            An echo server: text back as text, binary back as binary, on any path.""", "", 0, List.of(
            port(EchoServer.DEFAULT_PORT),
            HOST,
            Option.valued("--max-message", "B", "largest message in bytes (default " + WsConfig.DEFAULT_MAX_MESSAGE_SIZE
                    + "; with\n--streaming up to and by default 2^63-1)"),
            Option.flag("--streaming", "echo each message as it arrives, chunk by chunk, instead of\n"
                    + "whole: any size in bounded memory"),
            instances(1),
            subprotocol(List.of()),
            NO_DEFLATE,
            TLS_CERT,
            TLS_KEY,
            HIXIE76
    ), (a, out, err) -> {
        EchoServer.run(a, out);
        return 0;
    });

    static final Command CHAT = new Command("chat", """
            A chat room: a welcome on connect, every message broadcast to the room with time and sender,
            'quit' leaves. Speaks the subprotocols chat and superchat (seed 003). Connect to
            ws://localhost:PORT/chat?name=NAME (name optional).""", "", 0, clustered(
            port(ChatServer.DEFAULT_PORT),
            HOST,
            instances(2),
            Option.valued("--max-message", "B", "longest line in bytes (default " + ChatRoom.MAX_LINE
                    + " characters); longer lines\nare refused with a notice to their sender"),
            subprotocol(ChatServer.SUBPROTOCOLS),
            NO_DEFLATE_FAN_OUT,
            TLS_CERT,
            TLS_KEY,
            HIXIE76
    ), (a, out, err) -> {
        ChatServer.run(a, out);
        return 0;
    });

    static final Command TICKER = new Command("ticker", """
            Topic updates: send 'subscribe TOPIC' / 'unsubscribe TOPIC' (topics: any word) and receive a line per
            topic every --interval ms. Slow clients get only the latest update per topic instead of a growing
            queue (--overflow latest|drop). With --cluster the topics are shared by every node (each topic fed
            by one node at a time) and 'publish TOPIC TEXT' reaches the topic's subscribers on every node.""",
            "", 0, clustered(
            port(TickerServer.DEFAULT_PORT),
            HOST,
            Option.valued("--interval", "MS", "time between two updates of a topic (default 500)"),
            Option.valued("--overflow", "latest|drop", "what a slow client misses: all but the latest update\n"
                    + "per topic, or every update it has no room for (default latest)"),
            NO_DEFLATE_FAN_OUT,
            TLS_CERT,
            TLS_KEY
    ), (a, out, err) -> {
        TickerServer.run(a, out);
        return 0;
    });

    static final Command CLIENT = new Command("client", """
            An interactive client, like wscat: stdin lines go out as text messages, received messages are
            printed. End of input closes with 1000. wss:// trusts the JDK's default CAs and checks the host
            name. Exit code 0 after a normal close, 1 on any failure (refused, TLS, dropped), 2 on a usage
            error. With --reconnect it connects again when the connection is lost, to the next URL given.""",
            "URL [URL...]", 16, List.of(
            Option.valued("--subprotocol", "P", "offer this subprotocol (repeatable, most preferred first)"),
            Option.valued("--header", "Name:Value", "an extra header of the opening handshake (repeatable)"),
            Option.flag("--no-deflate", "do not offer permessage-deflate"),
            Option.valued("--trust", "CA.pem", "wss://: trust these PEM certificates (e.g. a private CA) instead\n"
                    + "of the JDK's default CAs; the host name is checked either way"),
            Option.flag("--insecure", "wss://: DANGEROUS, for tests only: verify neither certificate nor\n"
                    + "host name (prints a warning)"),
            Option.flag("--hixie76", "speak the legacy draft-hixie-76 instead of RFC 6455, for old servers\n"
                    + "(text only; one --subprotocol at most; send an Origin with --header)"),
            Option.flag("--reconnect", "when the connection is lost (server died, 1001, 1011-1014),\n"
                    + "connect again: same URL, then the next, waiting "
                    + ReconnectingClient.FIRST_DELAY_MILLIS + " ms doubled per\nfailure (at most "
                    + ReconnectingClient.MAX_DELAY_MILLIS / 1000 + " s)"),
            Option.valued("--reconnect-attempts", "N", "give up (exit 1) after N failed attempts in a row (default "
                    + ReconnectingClient.DEFAULT_ATTEMPTS + ")")
    ), (a, out, err) -> CliClient.run(a, System.in, out, err));

    static final Command BLOCKING = new Command("blocking", """
            The codec alone over java.net.ServerSocket, one thread per connection, no Vert.x: an echo server
            (also a conformance target).""", "", 0, List.of(
            port(9001),
            HOST,
            MAX_MESSAGE,
            Option.valued("--max-connections", "N",
                    "connections served at once (default " + BlockingEchoServer.DEFAULT_MAX_CONNECTIONS + ")"),
            Option.valued("--handshake-timeout", "MS", "time a client has for its whole opening handshake, and a\n"
                    + "peer for the close handshake (default " + BlockingEchoServer.DEFAULT_TIMEOUT_MILLIS + ")"),
            NO_DEFLATE,
            TLS_CERT,
            TLS_KEY
    ), (a, out, err) -> {
        BlockingEchoServer.run(a, a.intValue("--port", 0, 65535, 9001), out);
        return 0;
    });

    /** Every command, in the order the usage text lists them; the first is the default. */
    static final List<Command> ALL = List.of(DEMO, ECHO, CHAT, TICKER, CLIENT, BLOCKING);

    private Commands() {
    }

    /** The command of this name, or {@code null}. */
    static Command named(String name) {
        for (Command c : ALL) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The text {@code --help} prints: every command with its options. */
    static String usage() {
        StringBuilder sb = new StringBuilder("""
                Usage: java -jar wscodec-examples.jar [COMMAND] [OPTIONS]
                       java -jar wscodec-examples.jar COMMAND --help   (or: help COMMAND) for one command's options

                Commands:
                """);
        for (Command c : ALL) {
            String name = c.name() + " ".repeat(Math.max(1, 10 - c.name().length()));
            sb.append("  ").append(name)
                    .append(c.summary().replace("\n", "\n  " + " ".repeat(name.length()))).append('\n');
            if (!c.arguments().isEmpty()) {
                sb.append("            ").append(c.name()).append(" [OPTIONS] ").append(c.arguments()).append('\n');
            }
            c.appendOptions(sb, "              ");
        }
        sb.append("""

                Options for every command:
                  --help    show the command's options
                """);
        return sb.toString();
    }
}
