package dev.wscodec.impl.deflate;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.Opcode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures what an idle server connection retains with permessage-deflate, as reported in docs/DEFLATE.md. Not a
 * test: run it alone, in a fresh JVM, on Linux:
 * <pre>
 * mvn -q -o -pl ws-codec-impl test-compile
 * java -Xms512m -Xmx512m -XX:+AlwaysPreTouch \
 *     -cp ws-codec-api/target/classes:ws-codec-impl/target/classes:ws-codec-impl/target/test-classes \
 *     dev.wscodec.impl.deflate.DeflateMemoryProbe [connections [small|large|fresh|unused]]
 * </pre>
 * A fixed, pre-touched heap keeps heap pages from entering the resident set during the run, so the growth is zlib's.
 * Naming one scenario runs it alone (after a warm-up), which avoids noise from memory freed by an earlier one.
 * For each scenario it opens N server-side extensions, lets each inflate one message from its own client and send
 * one, keeps them all open (idle), and reports the growth of resident memory outside the JVM's heap and non-heap
 * pools (that is zlib's native memory) and of the live heap, per connection.
 */
public final class DeflateMemoryProbe {

    private DeflateMemoryProbe() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        byte[] small = text(200);
        byte[] large = text(64 * 1024);
        String only = args.length > 1 ? args[1] : "";
        run("warm-up", n / 4, small, new String[0]);
        String[] none = new String[0];
        String[] noTakeover = {"server_no_context_takeover", "client_no_context_takeover"};
        if (only.isEmpty() || only.equals("small")) {
            run("takeover both ways, 200-byte messages", n, small, none);
        }
        if (only.isEmpty() || only.equals("large")) {
            run("takeover both ways, 64 KiB messages", n, large, none);
        }
        if (only.isEmpty() || only.equals("fresh")) {
            run("no context takeover, 64 KiB messages", n, large, noTakeover);
        }
        if (only.isEmpty() || only.equals("unused")) {
            run("negotiated, no message yet", n, null, none);
        }
    }

    private static void run(String name, int n, byte[] message, String[] params) {
        List<PerMessageDeflate> open = new ArrayList<>(n);
        long nativeBefore = NativeMemory.outsideJvmPools();
        long heapBefore = NativeMemory.heapUsed();
        for (int i = 0; i < n; i++) {
            PerMessageDeflate server = DeflateTestSupport.server(DeflateConfig.DEFAULT, params);
            if (message != null) {
                PerMessageDeflate client = DeflateTestSupport.client(DeflateConfig.DEFAULT, params);
                DeflateTestSupport.decode(server, DeflateTestSupport.encode(client, message));
                client.release();
                server.encode(Opcode.TEXT, ByteBuffer.wrap(message), true, true, b -> b.position(b.limit()));
            }
            open.add(server);
        }
        long nativePer = (NativeMemory.outsideJvmPools() - nativeBefore) / n;
        long heapPer = (NativeMemory.heapUsed() - heapBefore) / n;
        System.out.printf("%-45s n=%d  native %6.1f KiB/conn  heap %6.2f KiB/conn  live deflaters=%d inflaters=%d%n",
                name, n, nativePer / 1024.0, heapPer / 1024.0, ZlibPool.liveDeflaters(), ZlibPool.liveInflaters());
        open.forEach(PerMessageDeflate::release);
    }

    /** Text with words in random order: compressible, and filling the 32 KiB window when large. */
    private static byte[] text(int size) {
        String[] words = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett"};
        SplittableRandom random = new SplittableRandom(size);
        StringBuilder sb = new StringBuilder(size + 16);
        while (sb.length() < size) {
            sb.append(words[random.nextInt(words.length)]).append(random.nextInt(1000)).append(' ');
        }
        return sb.substring(0, size).getBytes(US_ASCII);
    }
}
