package org.gatekeeper.model.codec;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The validated field values of one decoded record, by JSON name; what a {@link RecordSchema}'s factory reads. */
public final class FieldValues {
    private final Map<String, Integer> positions;
    private final Object[] values;

    FieldValues(Map<String, Integer> positions, Object[] values) {
        this.positions = positions;
        this.values = values;
    }

    public long getLong(String name) {
        return (Long) get(name);
    }

    public int getInt(String name) {
        return (Integer) get(name);
    }

    public String getString(String name) {
        return (String) get(name);
    }

    @SuppressWarnings("unchecked")
    public List<String> getList(String name) {
        return (List<String>) get(name);
    }

    @SuppressWarnings("unchecked")
    public Set<String> getSet(String name) {
        return (Set<String>) get(name);
    }

    private Object get(String name) {
        Integer position = positions.get(name);
        if (position == null) {
            throw new IllegalArgumentException("no field '" + name + "' in this schema; fields: " + positions.keySet());
        }
        return values[position];
    }
}
