package io.github.kernellogger.reader.read;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cgroup names a saved log carries: {@code -o binary} writes, before the first record of each
 * cgroup, what that cgroup's id named where and when it was saved ({@link SavedLog}), and
 * {@code --file} learns them as it reads. An id the log does not name (a log of an older
 * logger-reader, or a cgroup gone when it was saved) stays an id: the machine reading it may
 * have the same id for another cgroup, or none.
 */
public final class SavedCgroups implements CgroupNames {
    /** Id to name; a null value: the log says its writer could not name it. */
    private final Map<Long, Cgroup> names = new HashMap<>();
    private final Set<Long> unnamed = new TreeSet<>();
    /** The last id asked for and its name: records come in runs from one writer. */
    private long lastId = -1;
    private Cgroup lastName;

    @Override
    public void learn(long id, String path) {
        names.put(id, path == null ? null : Cgroup.at(id, path));
        lastId = -1;
    }

    @Override
    public Cgroup name(long id) {
        if (id == lastId) {
            return lastName;
        }
        Cgroup c = id == 0 ? null : names.get(id);
        if (c == null && id != 0) {
            unnamed.add(id);
        }
        lastId = id;
        lastName = c;
        return c;
    }

    @Override
    public Set<Long> unnamed() {
        return unnamed;
    }

    @Override
    public String whyUnnamed() {
        return "the saved log does not name them (saved by an older logger-reader, or they were gone "
                + "when it was saved)";
    }
}
