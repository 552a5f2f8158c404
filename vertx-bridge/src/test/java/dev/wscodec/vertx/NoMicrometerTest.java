package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: the bridge runs without it. The test class path minus Micrometer's jars
 * becomes a class loader of its own, in which {@link NoMicrometerProbe} serves, echoes, refuses and closes; the
 * loader records every request for a Micrometer class.
 */
class NoMicrometerTest {

    /** A child-first loader (its parent is the platform loader) that records what it was asked for. */
    private static final class RecordingLoader extends URLClassLoader {
        final List<String> micrometerRequests = new CopyOnWriteArrayList<>();

        RecordingLoader(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.micrometer.")) {
                micrometerRequests.add(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void theBridgeServesWithoutMicrometerAndNeverAsksForIt() throws Exception {
        List<URL> urls = new ArrayList<>();
        int removed = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("micrometer")) {
                removed++;
            } else {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        assertTrue(removed > 0, "Micrometer was on the test class path: " + System.getProperty("java.class.path"));
        try (RecordingLoader loader = new RecordingLoader(urls.toArray(URL[]::new))) {
            assertThrows(ClassNotFoundException.class,
                    () -> Class.forName("io.micrometer.core.instrument.MeterRegistry", false, loader));
            loader.micrometerRequests.clear();
            Class<?> probe = loader.loadClass(NoMicrometerProbe.class.getName());
            assertNotSame(NoMicrometerProbe.class, probe, "loaded in the loader without Micrometer");
            assertEquals("hello 404 1000", probe.getMethod("run").invoke(null));
            assertEquals(List.of(), loader.micrometerRequests);
        }
    }
}
