package dev.wscodec.vertx;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Reading meters back in tests: a missing counter counts zero. */
final class Meters {

    private Meters() {
    }

    static double count(MeterRegistry registry, String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    static double gauge(MeterRegistry registry, String name, String... tags) {
        Gauge g = registry.find(name).tags(tags).gauge();
        if (g == null) {
            throw new AssertionError("No gauge " + name + " with tags " + String.join(",", tags));
        }
        return g.value();
    }
}
