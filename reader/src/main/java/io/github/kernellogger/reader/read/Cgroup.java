package io.github.kernellogger.reader.read;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a record's cgroup id names: the cgroup's path in the cgroup v2 hierarchy, and what systemd
 * and container runtimes put in that path, read as journald reads it:
 *
 * <pre>
 * /system.slice/nginx.service                           unit nginx.service, slice system.slice
 * /user.slice/user-1000.slice/user@1000.service/app.slice/mail.service
 *                                                       unit user@1000.service, slice user-1000.slice,
 *                                                       user unit mail.service
 * /system.slice/docker-4f2a...c9.scope                  unit docker-4f2a...c9.scope, container 4f2a...c9
 * /machine.slice/libpod-4f2a...c9.scope/container       podman's, likewise
 * /kubepods.slice/.../cri-containerd-4f2a...c9.scope    containerd's (Kubernetes), likewise
 * /docker/4f2a...c9                                     docker's cgroupfs driver: container only
 * </pre>
 *
 * The slices before the unit are the unit's place in the tree; the last of them is its slice.
 * Inside {@code user@UID.service} (a user's own systemd) the first unit is the user unit. A
 * container is a scope of a runtime ({@code docker-}, {@code libpod-}, {@code cri-containerd-},
 * {@code crio-}, {@code containerd-}) or a folder named by 64 hex digits, the innermost one.
 *
 * @param id the cgroup v2 id the kernel stamped (the cgroup folder's inode number)
 * @param path the cgroup's path from the root of the hierarchy, {@code /} for the root
 * @param unit the systemd unit, or null
 * @param userUnit the unit of a user's systemd, or null
 * @param slice the slice the unit is in (or the innermost slice of the path), or null
 * @param containerId the container's id (64 hex digits), or null
 */
public record Cgroup(long id, String path, String unit, String userUnit, String slice, String containerId) {
    private static final Pattern UNIT = Pattern.compile(
            ".+\\.(service|scope|socket|mount|swap|target|device|timer|path|automount)");
    private static final Pattern USER_MANAGER = Pattern.compile("user@\\d+\\.service");
    private static final Pattern CONTAINER_SCOPE = Pattern.compile(
            "(?:docker|libpod|cri-containerd|crio|containerd)-([0-9a-f]{64})\\.scope");
    private static final Pattern CONTAINER_FOLDER = Pattern.compile("[0-9a-f]{64}");

    /** The cgroup {@code id} at {@code path}, with what its path says. */
    public static Cgroup at(long id, String path) {
        String unit = null;
        String userUnit = null;
        String slice = null;
        String containerId = null;
        boolean inUserManager = false;
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            Matcher scope = CONTAINER_SCOPE.matcher(part);
            if (scope.matches()) {
                containerId = scope.group(1);
            } else if (CONTAINER_FOLDER.matcher(part).matches()) {
                containerId = part;
            }
            if (unit == null) {
                if (part.endsWith(".slice")) {
                    slice = part;
                } else if (UNIT.matcher(part).matches()) {
                    unit = part;
                    inUserManager = USER_MANAGER.matcher(part).matches();
                }
            } else if (inUserManager && userUnit == null && !part.endsWith(".slice") && UNIT.matcher(part).matches()) {
                userUnit = part;
            }
        }
        return new Cgroup(id, path, unit, userUnit, slice, containerId);
    }

    /** Whether the path has a slice of this name, anywhere above the unit. */
    public boolean inSlice(String name) {
        for (String part : path.split("/")) {
            if (part.equals(name)) {
                return part.endsWith(".slice");
            }
            if (unit != null && part.equals(unit)) {
                return false;
            }
        }
        return false;
    }
}
