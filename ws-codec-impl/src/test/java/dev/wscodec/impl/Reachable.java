package dev.wscodec.impl;

import dev.wscodec.api.WsEvent;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * What an engine keeps, for the footprint tests: every object reachable from a root through the fields of this
 * module's classes and through object arrays, leaving out the completed handshake (which {@code engine.handshake()}
 * returns by contract). Objects of other classes ({@code java.util.zip}, say) are reported, not entered.
 */
public final class Reachable {

    private Reachable() {
    }

    public static List<Object> from(Object root) throws IllegalAccessException {
        List<Object> found = new ArrayList<>();
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        List<Object> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Object o = todo.remove(todo.size() - 1);
            if (o == null || seen.put(o, true) != null || o instanceof WsEvent.HandshakeAccepted) {
                continue;
            }
            found.add(o);
            if (o instanceof Object[] array) {
                todo.addAll(Arrays.asList(array)); // e.g. the assembler's extensions
                continue;
            }
            for (Class<?> c = o.getClass(); c != null && c.getName().startsWith("dev.wscodec.impl");
                    c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                        f.setAccessible(true);
                        todo.add(f.get(o));
                    }
                }
            }
        }
        return found;
    }
}
