package dev.wscodec.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.spi.WsCodecProvider;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider is found through {@link java.util.ServiceLoader}: in this JVM, and by a separate plain Java program
 * that knows only the API, once on the class path (META-INF/services) and once on the module path (module-info
 * {@code provides}, bound by service resolution without {@code --add-modules}). The program completes a handshake
 * and exchanges messages using bytes only.
 */
class ProviderLoadingTest {

    private static final String PROGRAM = """
            package probe;

            import dev.wscodec.api.*;
            import dev.wscodec.api.spi.WsCodecProvider;
            import java.nio.ByteBuffer;
            import java.util.List;

            public class Probe {
                public static void main(String[] args) {
                    WsCodecProvider provider = WsCodecProvider.lookup();
                    WsEngine server = provider.newServerEngine(WsConfig.DEFAULT);
                    WsEngine client = provider.newClientEngine(WsConfig.DEFAULT, ClientHandshake.of("localhost", "/echo"));
                    List<WsEvent> request = server.receive(bytes(client.openingHandshake()));
                    List<WsEvent> accepted = client.receive(bytes(server.accept(Accept.DEFAULT)));
                    List<WsEvent> atServer = server.receive(bytes(client.send(TextMessage.of("hello from the client"))));
                    List<WsEvent> atClient = client.receive(bytes(server.send((TextMessage) atServer.get(0))));
                    server.receive(bytes(client.send(Close.of(1000, "bye"))));
                    List<WsEvent> closed = client.receive(bytes(server.pollOutput()));
                    System.out.println(provider.name() + " " + provider.getClass().getModule().isNamed()
                            + " " + request.get(0).getClass().getSimpleName()
                            + " " + accepted.get(0).getClass().getSimpleName()
                            + " " + ((TextMessage) atClient.get(0)).text()
                            + " " + ((Close) closed.get(0)).status().code()
                            + " " + client.state() + " " + server.state());
                }

                /** A copy into a plain byte array: the program passes nothing but bytes between the engines. */
                private static ByteBuffer bytes(ByteBuffer b) {
                    byte[] copy = new byte[b.remaining()];
                    b.get(copy);
                    return ByteBuffer.wrap(copy);
                }
            }
            """;

    private static final String EXPECTED_EXCHANGE =
            "UpgradeRequest HandshakeAccepted hello from the client 1000 CLOSED CLOSED";

    @TempDir
    Path dir;

    @Test
    void foundInThisJvm() {
        WsCodecProvider p = WsCodecProvider.lookup();
        assertEquals("rfc6455", p.name());
        assertEquals(Set.of("rfc6455", "permessage-deflate", "streaming", WsCodecProvider.FEATURE_PREPARED_MESSAGES), p.features());
        assertEquals(Rfc6455Provider.class, p.getClass());
    }

    @Test
    void plainProgramOnTheClassPath() throws Exception {
        Path src = write("src/probe/Probe.java", PROGRAM);
        Path out = dir.resolve("classes");
        javac("-d", out.toString(), "-cp", api(), src.toString());
        String output = java("-cp", out + File.pathSeparator + api() + File.pathSeparator + impl(), "probe.Probe");
        assertEquals("rfc6455 false " + EXPECTED_EXCHANGE, output.strip(), "class path: the provider is unnamed");
    }

    @Test
    void plainProgramOnTheModulePath() throws Exception {
        Path info = write("src/module-info.java", "module probe { requires dev.wscodec.api; }");
        Path src = write("src/probe/Probe.java", PROGRAM);
        Path out = dir.resolve("mods/probe");
        javac("-d", out.toString(), "--module-path", api(), info.toString(), src.toString());
        String modulePath = String.join(File.pathSeparator, api(), impl(), out.toString());
        String output = java("--module-path", modulePath, "--module", "probe/probe.Probe");
        assertEquals("rfc6455 true " + EXPECTED_EXCHANGE, output.strip(), "module path: dev.wscodec.impl is named");
        String modules = java("--module-path", modulePath, "--show-module-resolution", "--module", "probe/probe.Probe");
        assertTrue(modules.contains("dev.wscodec.impl") && modules.contains("binds dev.wscodec.impl"),
                "dev.wscodec.impl is bound as a service provider: " + modules);
    }

    private Path write(String relative, String content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    private static String api() {
        return location(WsCodecProvider.class);
    }

    private static String impl() {
        return location(Rfc6455Provider.class);
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void javac(String... args) {
        java.util.spi.ToolProvider javac = java.util.spi.ToolProvider.findFirst("javac")
                .orElseThrow(() -> new IllegalStateException("The tests need a JDK with javac."));
        java.io.StringWriter err = new java.io.StringWriter();
        int rc = javac.run(new java.io.PrintWriter(err), new java.io.PrintWriter(err), args);
        assertEquals(0, rc, () -> "javac failed: " + err);
    }

    private static String java(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the program finished");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "the program failed: " + text);
        return text;
    }
}
