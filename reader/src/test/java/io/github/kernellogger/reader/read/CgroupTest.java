package io.github.kernellogger.reader.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a cgroup's path says, as journald reads it, and -u's globs. */
class CgroupTest {
    /** A container's id, 64 hex digits. */
    private static final String ID = "4f2a0000000000000000000000000000000000000000000000000000000000c9";

    /** path | unit | user unit | slice | container ("-" for none). */
    @ParameterizedTest
    @CsvSource(delimiterString = " | ", value = {
        "/ | - | - | - | -",
        "/init.scope | init.scope | - | - | -",
        "/system.slice/nginx.service | nginx.service | - | system.slice | -",
        "/system.slice/nginx.service/worker | nginx.service | - | system.slice | -",
        "/user.slice/user-1000.slice/session-3.scope | session-3.scope | - | user-1000.slice | -",
        "/user.slice/user-1000.slice/user@1000.service/app.slice/mail.service | user@1000.service | mail.service | user-1000.slice | -",
        "/system.slice/docker-" + ID + ".scope | docker-" + ID + ".scope | - | system.slice | " + ID,
        "/machine.slice/libpod-" + ID + ".scope/container | libpod-" + ID + ".scope | - | machine.slice | " + ID,
        "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-" + ID + ".scope | cri-containerd-"
            + ID + ".scope | - | kubepods-burstable-pod1.slice | " + ID,
        "/system.slice/crio-" + ID + ".scope | crio-" + ID + ".scope | - | system.slice | " + ID,
        "/docker/" + ID + " | - | - | - | " + ID,
        "/kubepods/burstable/pod1/" + ID + " | - | - | - | " + ID,
        "/handmade.slice/leaf | - | - | handmade.slice | -",
    })
    void aPathSaysItsUnitSliceAndContainer(String path, String unit, String userUnit, String slice, String container) {
        Cgroup c = Cgroup.at(42, path);
        assertEquals(path, c.path());
        assertEquals(unit.equals("-") ? null : unit, c.unit());
        assertEquals(userUnit.equals("-") ? null : userUnit, c.userUnit());
        assertEquals(slice.equals("-") ? null : slice, c.slice());
        assertEquals(container.equals("-") ? null : container, c.containerId());
    }

    /** -u's argument => a unit's path it matches, and one it does not. */
    @ParameterizedTest
    @CsvSource(delimiterString = " | ", value = {
        "nginx | /system.slice/nginx.service | /system.slice/nginx-2.service",
        "nginx.service | /system.slice/nginx.service | /system.slice/nginx.socket",
        "nginx.socket | /system.slice/nginx.socket | /system.slice/nginx.service",
        "nginx* | /system.slice/nginx-2.service | /system.slice/apache.service",
        "nginx-?.service | /system.slice/nginx-2.service | /system.slice/nginx-22.service",
        "nginx-[0-9].service | /system.slice/nginx-2.service | /system.slice/nginx-a.service",
        "nginx-[!0-9].service | /system.slice/nginx-a.service | /system.slice/nginx-2.service",
        "system.slice | /system.slice/nginx.service | /user.slice/user-1000.slice/session-3.scope",
        "user.slice | /user.slice/user-1000.slice/session-3.scope | /system.slice/nginx.service",
        "user-*.slice | /user.slice/user-1000.slice/session-3.scope | /system.slice/nginx.service",
        "app.slice | /system.slice/app.slice/x.service | /user.slice/user-1000.slice/user@1000.service/app.slice/mail.service",
        "docker-*.scope | /system.slice/docker-" + ID + ".scope | /docker/" + ID,
    })
    void unitGlobsAsJournalctlTakesThem(String pattern, String matching, String other) {
        UnitPattern u = UnitPattern.of(pattern);
        assertTrue(u.matches(Cgroup.at(1, matching)), pattern + " should match " + matching);
        assertFalse(u.matches(Cgroup.at(1, other)), pattern + " should not match " + other);
    }

    @Test
    void aUnitHasNoSlash() {
        assertEquals("'a/b' is not a unit: a unit's name has no '/' (nginx.service, nginx, 'nginx*', system.slice)",
                assertThrows(IllegalArgumentException.class, () -> UnitPattern.of("a/b")).getMessage());
    }
}
