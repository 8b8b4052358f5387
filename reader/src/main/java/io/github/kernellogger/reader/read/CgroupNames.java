package io.github.kernellogger.reader.read;

import java.util.Set;

/**
 * Names the cgroups of records: the kernel stamps only the writer's cgroup v2 id, and what it
 * names (a path, a systemd unit, a container) is known only where and while that cgroup exists.
 * A run of the device asks this machine ({@link MachineCgroups}); a saved log carries the names
 * its writer knew ({@link SavedCgroups}), since the same id means nothing, or something else, on
 * another machine or after a reboot. Never a guess: an id that cannot be named stays an id.
 */
public interface CgroupNames {

    /** Names nothing. */
    CgroupNames NONE = new CgroupNames() {
        @Override
        public Cgroup name(long id) {
            return null;
        }

        @Override
        public Set<Long> unnamed() {
            return Set.of();
        }

        @Override
        public String whyUnnamed() {
            return "";
        }
    };

    /** What {@code id} names, or null where it cannot be told; id 0 (no cgroup) names nothing. */
    Cgroup name(long id);

    /**
     * The ids asked for so far (but 0) that could not be named, for the note at the end of a run.
     */
    Set<Long> unnamed();

    /** Why those could not be named, to end the note: "they are gone, or not of this machine". */
    String whyUnnamed();

    /**
     * What a saved log says {@code id} names: its path when the log was saved, or null where its
     * writer could not name it either. Ignored where names come from the machine.
     */
    default void learn(long id, String path) {
        // Names of this machine are not learnt from a file.
    }
}
