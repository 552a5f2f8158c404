package dev.wscodec.conformance.fuzz;

import static dev.wscodec.conformance.fuzz.FuzzSupport.CONFIG;

import dev.wscodec.api.Accept;
import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.Close;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.Outbound;
import dev.wscodec.api.Ping;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the seed corpus under {@code src/test/resources/dev/wscodec/conformance/fuzz/}; run it with
 * {@code mvn -pl conformance test -Dtest=SeedCorpusWriter -Dfuzz.writeSeeds=true}. Frames are produced by the
 * engines themselves (masked by a client engine, unmasked by a server engine), plus hand-made broken ones.
 */
@EnabledIfSystemProperty(named = "fuzz.writeSeeds", matches = "true")
class SeedCorpusWriter {

    private static final Path ROOT = Path.of("src/test/resources/dev/wscodec/conformance/fuzz");

    @Test
    void writeSeeds() throws Exception {
        WsEngine[] pair = FuzzSupport.openPair(CONFIG, FuzzSupport.seeded(CONFIG));
        List<Outbound> traffic = List.of(TextMessage.of("Hello"), TextMessage.of("h\u00e9llo \u20ac \uD83D\uDE00"),
                BinaryMessage.of(new byte[300]), BinaryMessage.of(new byte[3000]), Ping.of("p"),
                new MessageChunk(Opcode.TEXT, ByteBuffer.wrap("frag".getBytes()), true, false),
                new MessageChunk(Opcode.TEXT, ByteBuffer.wrap("ment".getBytes()), false, true),
                Close.of(1000, "bye"));
        ByteArrayOutputStream masked = new ByteArrayOutputStream();
        ByteArrayOutputStream unmasked = new ByteArrayOutputStream();
        for (Outbound o : traffic) {
            masked.writeBytes(bytes(pair[1].send(o)));
            unmasked.writeBytes(bytes(pair[0].send(o)));
        }
        String frames = "FrameDecoderFuzzTestInputs/";
        for (String m : List.of("serverDecodesFrames", "serverDecodesFramesStreaming")) {
            write(frames + m, "traffic-whole", 0, masked.toByteArray());
            write(frames + m, "traffic-by-7", 7, masked.toByteArray());
            write(frames + m, "bad-utf8", 1, FuzzSupport.frame(0x81, new byte[] {(byte) 0xce, (byte) 0xba, (byte) 0xe1}, true));
            write(frames + m, "close-1005", 0, FuzzSupport.frame(0x88, new byte[] {0x03, (byte) 0xed}, true));
            write(frames + m, "reserved-opcode", 0, FuzzSupport.frame(0x83, new byte[3], true));
            write(frames + m, "64bit-length", 0, hex("82ff7fffffffffffffff37fa213d"));
            write(frames + m, "unmasked", 0, FuzzSupport.frame(0x81, "x".getBytes(), false));
            write(frames + m, "fragmented-ping", 3, concat(FuzzSupport.frame(0x01, "a".getBytes(), true),
                    FuzzSupport.frame(0x89, "p".getBytes(), true), FuzzSupport.frame(0x80, "b".getBytes(), true)));
        }
        write(frames + "clientDecodesFrames", "traffic-whole", 0, unmasked.toByteArray());
        write(frames + "clientDecodesFrames", "traffic-by-5", 5, unmasked.toByteArray());
        write(frames + "clientDecodesFrames", "masked", 0, FuzzSupport.frame(0x81, "x".getBytes(), true));
        write(frames + "clientDecodesFrames", "non-minimal", 0, hex("817e0005") );

        WsEngine client = FuzzSupport.PROVIDER.newClientEngine(FuzzSupport.seeded(CONFIG),
                new ClientHandshake("localhost:9001", "/", List.of("chat"), HttpHeaders.EMPTY));
        byte[] request = bytes(client.openingHandshake());
        WsEngine server = FuzzSupport.PROVIDER.newServerEngine(CONFIG.toBuilder().subprotocols("chat").build());
        server.receive(ByteBuffer.wrap(request));
        byte[] response = bytes(server.accept(Accept.DEFAULT));
        String hs = "HandshakeFuzzTestInputs/";
        write(hs + "serverParsesRequest", "request", 0, request);
        write(hs + "serverParsesRequest", "request-by-3", 3, concat(request, FuzzSupport.frame(0x81, "hi".getBytes(), true)));
        write(hs + "serverParsesRequest", "plain-get", 0, "GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes());
        write(hs + "serverParsesRequest", "post", 0, "POST / HTTP/1.0\r\nHost: a\r\nUpgrade: websocket\r\n\r\n".getBytes());
        write(hs + "clientParsesResponse", "response", 0, concat(response, FuzzSupport.frame(0x81, "hi".getBytes(), false)));
        write(hs + "clientParsesResponse", "response-by-2", 2, response);
        write(hs + "clientParsesResponse", "rejected", 0,
                "HTTP/1.1 403 Forbidden\r\nContent-Length: 3\r\n\r\nno\n".getBytes());

        String ext = "ExtensionHeaderFuzzTestInputs/";
        for (String m : List.of("serverNegotiatesOffer", "clientChecksAnswer")) {
            String dir = ext + m;
            rawWrite(dir, "plain", "permessage-deflate");
            rawWrite(dir, "params", "permessage-deflate; client_max_window_bits; server_max_window_bits=10");
            rawWrite(dir, "two", "permessage-deflate; server_no_context_takeover, permessage-deflate");
            rawWrite(dir, "quoted", "permessage-deflate; client_max_window_bits=\"12\", foo; bar=\"a b\"");
            rawWrite(dir, "bad", "permessage-deflate;; =; server_max_window_bits=99");
        }

        String inf = "InflaterFuzzTestInputs/serverInflates";
        write(inf, "hello-text", 0x01, rawDeflate("Hello, Hello, Hello!".getBytes(StandardCharsets.UTF_8)));
        write(inf, "bomb-3-frames", 0x04, rawDeflate(new byte[1 << 20]));
        write(inf, "binary-chunked", 0x32, rawDeflate("0123456789".repeat(300).getBytes()));
        write(inf, "garbage", 0x01, hex("ffffffff00"));
    }

    private static byte[] rawDeflate(byte[] data) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(data);
        byte[] out = new byte[data.length + 1024];
        int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        d.end();
        return java.util.Arrays.copyOf(out, n - 4);   // RFC 7692 §7.2.1: drop the 00 00 ff ff tail
    }

    private static void rawWrite(String dir, String name, String text) throws IOException {
        Path d = ROOT.resolve(dir);
        Files.createDirectories(d);
        Files.write(d.resolve(name), text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void write(String dir, String name, int first, byte[] data) throws IOException {
        Path d = ROOT.resolve(dir);
        Files.createDirectories(d);
        Files.write(d.resolve(name), concat(new byte[] {(byte) first}, data));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

}
