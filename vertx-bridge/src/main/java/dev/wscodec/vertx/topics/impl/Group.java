package dev.wscodec.vertx.topics.impl;

import io.vertx.core.Context;
import java.util.Arrays;

/**
 * The subscribers of one topic whose connections run on one context: a publication reaches them as one task on
 * that context, so publishing costs one task per event loop, not per subscriber, and tasks keep publish order.
 * The member array is replaced, never changed, and only on the context (volatile for {@link #size()}, which any
 * thread may ask).
 */
final class Group {

    private static final Subscription[] NONE = new Subscription[0];

    final Context context;
    private volatile Subscription[] members = NONE;

    Group(Context context) {
        this.context = context;
    }

    /** Runs on {@link #context}. A subscriber that fails affects only itself. */
    void deliver(Publication p) {
        for (Subscription s : members) {
            try {
                s.offer(p);
            } catch (RuntimeException e) {
                Subscription.LOG.warn("Delivering a message of the topic to {} failed; the other subscribers are "
                        + "not affected.", s.outlet.session().remoteAddress(), e);
            }
        }
    }

    void add(Subscription s) {
        Subscription[] m = Arrays.copyOf(members, members.length + 1);
        m[m.length - 1] = s;
        members = m;
    }

    void remove(Subscription s) {
        Subscription[] m = members;
        for (int i = 0; i < m.length; i++) {
            if (m[i] == s) {
                Subscription[] n = new Subscription[m.length - 1];
                System.arraycopy(m, 0, n, 0, i);
                System.arraycopy(m, i + 1, n, i, m.length - i - 1);
                members = n;
                return;
            }
        }
    }

    boolean isEmpty() {
        return members.length == 0;
    }

    int size() {
        return members.length;
    }
}
