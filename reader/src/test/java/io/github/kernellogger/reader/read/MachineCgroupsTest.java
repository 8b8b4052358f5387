package io.github.kernellogger.reader.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Naming ids by the inode numbers of a tree's folders, as the cgroup2 file system numbers its
 * cgroups: here a tree of plain folders stands for it (its inode numbers are the ids), so that the
 * walk, the walks again and what stays unnamed are tested without a cgroup2 mount. The real one
 * is tested in the VM (ReaderKernelIT, reader/tests/units-test).
 */
class MachineCgroupsTest {

    private static long ino(Path dir) throws IOException {
        return (Long) Files.getAttribute(dir, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void anIdIsTheFolderWithThatInodeAndANewerOneIsLookedForAgain(@TempDir Path root) throws IOException {
        Path service = Files.createDirectories(root.resolve("system.slice/payments.service"));
        MachineCgroups names = new MachineCgroups(root);
        Cgroup c = names.name(ino(service));
        assertEquals("/system.slice/payments.service", c.path());
        assertEquals("payments.service", c.unit());
        assertEquals("/", names.name(ino(root)).path());

        // Made after the walk: its inode is not known yet, and the tree is walked again for it.
        Path later = Files.createDirectories(root.resolve("system.slice/later.service"));
        assertEquals("later.service", names.name(ino(later)).unit());
        assertEquals(Set.of(), names.unnamed());
    }

    @Test
    void aGoneCgroupStaysAnIdAndIsSaidOnce(@TempDir Path root) throws IOException {
        Path kept = Files.createDirectories(root.resolve("system.slice/kept.service"));
        Path gone = Files.createDirectories(root.resolve("system.slice/gone.service"));
        long id = ino(gone);
        Files.delete(gone);
        MachineCgroups names = new MachineCgroups(root);
        assertEquals("kept.service", names.name(ino(kept)).unit());
        assertNull(names.name(id));
        assertNull(names.name(id));
        assertEquals(Set.of(id), names.unnamed());
        assertEquals("they are gone, or not of this machine", names.whyUnnamed());
        assertNull(names.name(0), "0 is no cgroup");
    }

    @Test
    void withoutATreeOnlyTheRootIsNamed() {
        MachineCgroups names = new MachineCgroups(null);
        assertEquals("/", names.name(MachineCgroups.ROOT_ID).path());
        assertNull(names.name(5213));
        assertEquals("this machine has no cgroup2 file system mounted to name them by", names.whyUnnamed());
    }

    @Test
    void theTreeIsWhereMountinfoHasCgroup2(@TempDir Path dir) throws IOException {
        Path mountinfo = dir.resolve("mountinfo");
        Files.writeString(mountinfo, ""
                + "22 28 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"
                + "26 22 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate\n");
        assertEquals(Path.of("/sys/fs/cgroup"), MachineCgroups.cgroup2Mount(mountinfo));
        Files.writeString(mountinfo, "30 22 0:25 / /host\\040root/cg rw - cgroup2 none rw\n");
        assertEquals(Path.of("/host root/cg"), MachineCgroups.cgroup2Mount(mountinfo));
        Files.writeString(mountinfo, "22 28 0:21 / /sys rw - sysfs sysfs rw\n");
        assertNull(MachineCgroups.cgroup2Mount(mountinfo));
    }
}
