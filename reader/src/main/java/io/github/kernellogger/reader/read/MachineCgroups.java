package io.github.kernellogger.reader.read;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cgroups of this machine, by id: a cgroup v2 id is the inode number of the cgroup's folder in
 * the cgroup2 file system, so walking that tree once names every cgroup there is. The names are
 * kept for the run (a record names its cgroup as it was when the record was read, as the
 * journal's do).
 *
 * <p>The tree is walked again only for an id newer than any it found: ids are inode numbers that
 * the kernel hands out in increasing order and never reuses while it runs, so an id below the
 * newest found, and not found, belongs to a cgroup that was gone before that walk, and asking
 * again would not help; nor is an id looked for twice. A run that meets many new cgroups walks
 * about once per batch of them, and one that meets cgroups long gone walks once.
 *
 * <p>Where the tree is: {@code LOGGER_READER_CGROUP_ROOT} if set (empty: name nothing, for a
 * machine whose tree is not to be trusted), else where {@code /proc/self/mountinfo} has the
 * cgroup2 file system, usually {@code /sys/fs/cgroup}. The root cgroup (id 1) is {@code /} even
 * where cgroup2 is not mounted: every process is in it then.
 */
public final class MachineCgroups implements CgroupNames {
    /** The id of the root cgroup: the root folder's inode, the first the kernel hands out. */
    static final long ROOT_ID = 1;

    private final Path root;
    private final Map<Long, Cgroup> names = new HashMap<>();
    private final Set<Long> unnamed = new TreeSet<>();
    /** The newest id the last walk found; 0 before the first walk. */
    private long newestWalked;
    private boolean walked;
    /** The last id asked for and its name: records come in runs from one writer. */
    private long lastId = -1;
    private Cgroup lastName;

    /** @param root the root of the cgroup2 tree, or null where there is none to ask */
    MachineCgroups(Path root) {
        this.root = root;
    }

    /** This machine's, found as described above; names nothing if told so. */
    public static CgroupNames ofThisMachine() {
        String configured = System.getenv("LOGGER_READER_CGROUP_ROOT");
        if (configured != null) {
            return configured.isEmpty() ? CgroupNames.NONE : new MachineCgroups(Path.of(configured));
        }
        return new MachineCgroups(cgroup2Mount(Path.of("/proc/self/mountinfo")));
    }

    /** Where {@code mountinfo} says the cgroup2 file system is mounted, or null. */
    static Path cgroup2Mount(Path mountinfo) {
        List<String> lines;
        try {
            lines = Files.readAllLines(mountinfo);
        } catch (IOException e) {
            return null;
        }
        for (String line : lines) {
            // ID PARENT MAJ:MIN ROOT MOUNT-POINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER-OPTIONS
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] after = line.substring(dash + 3).split(" ");
            String[] before = line.substring(0, dash).split(" ");
            if (after.length > 0 && after[0].equals("cgroup2") && before.length > 4) {
                return Path.of(unescape(before[4]));
            }
        }
        return null;
    }

    /** mountinfo writes a space, tab, newline and backslash of a path as \040, \011, \012, \134. */
    private static String unescape(String field) {
        StringBuilder s = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                s.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    @Override
    public Cgroup name(long id) {
        if (id == lastId) {
            return lastName;
        }
        Cgroup c = lookUp(id);
        lastId = id;
        lastName = c;
        return c;
    }

    private Cgroup lookUp(long id) {
        if (id == 0) {
            return null;
        }
        Cgroup c = names.get(id);
        if (c == null && root != null && !unnamed.contains(id) && (!walked || id > newestWalked)) {
            walk();
            c = names.get(id);
        }
        if (c == null && id == ROOT_ID) {
            c = Cgroup.at(ROOT_ID, "/");
        }
        if (c == null) {
            unnamed.add(id);
        }
        return c;
    }

    /** Names every cgroup of the tree. A folder that goes while it is walked is passed over. */
    private void walk() {
        walked = true;
        walk(root, "/");
    }

    private void walk(Path dir, String path) {
        Long ino;
        try {
            ino = (Long) Files.getAttribute(dir, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return;
        }
        names.putIfAbsent(ino, Cgroup.at(ino, path));
        newestWalked = Math.max(newestWalked, ino);
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    String name = child.getFileName().toString();
                    walk(child, path.equals("/") ? "/" + name : path + "/" + name);
                }
            }
        } catch (IOException e) {
            // Gone, or not ours to list: its cgroups stay unnamed.
        }
    }

    @Override
    public Set<Long> unnamed() {
        return unnamed;
    }

    @Override
    public String whyUnnamed() {
        return root == null ? "this machine has no cgroup2 file system mounted to name them by"
                : "they are gone, or not of this machine";
    }
}
