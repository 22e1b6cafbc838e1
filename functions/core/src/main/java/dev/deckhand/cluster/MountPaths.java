package dev.deckhand.cluster;

import dev.deckhand.text.UserText;

import java.util.List;
import java.util.Optional;

/**
 * The one rule for a path a user asks a volume to be mounted at, for deployments and tenant jobs alike: absolute,
 * already normalised (no empty, {@code .} or {@code ..} segment, no trailing slash), not the root, at most
 * {@link #MAX_LENGTH} characters of {@link UserText} without {@code \} or {@code :}, and not over a path the
 * container's runtime or kernel owns: {@code /proc}, {@code /sys}, {@code /dev}, {@code /run/secrets},
 * {@code /var/run/secrets} (the service-account token), {@code /run/containerd} and {@code /var/run/docker.sock}
 * and everything below them; {@code /etc}, {@code /bin}, {@code /sbin}, {@code /lib}, {@code /lib32},
 * {@code /lib64}, {@code /libx32} and {@code /usr} themselves
 * (a directory below them, such as {@code /usr/share/nginx/html}, is an ordinary place for data).
 */
public final class MountPaths {

    public static final int MAX_LENGTH = 1024;

    private static final List<String> SYSTEM_TREES = List.of("/proc", "/sys", "/dev", "/run/secrets", "/var/run/secrets",
            "/run/containerd", "/var/run/containerd", "/var/run/docker.sock", "/run/docker.sock");
    private static final List<String> SYSTEM_DIRECTORIES = List.of("/etc", "/bin", "/sbin", "/usr");

    private MountPaths() {
    }

    /** What is wrong with {@code path} as a mount path; empty when it is a good one. */
    public static Optional<String> problem(String path) {
        if (path == null || path.isEmpty()) {
            return Optional.of("a mount path is required");
        }
        if (path.length() > MAX_LENGTH) {
            return Optional.of("a mount path is at most " + MAX_LENGTH + " characters");
        }
        Optional<String> text = UserText.problem(path);
        if (text.isPresent()) {
            return Optional.of("the mount path " + text.get());
        }
        if (!path.startsWith("/")) {
            return Optional.of("a mount path must be absolute, not \"" + path + "\"");
        }
        if (path.indexOf('\\') >= 0 || path.indexOf(':') >= 0) {
            return Optional.of("a mount path may not contain '\\' or ':', got \"" + path + "\"");
        }
        if (path.equals("/")) {
            return Optional.of("a mount path may not be the root directory");
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.equals("..")) {
                return Optional.of("a mount path may not contain '..', got \"" + path + "\"");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                return Optional.of("a mount path must be normalised (no '//', '/./' or trailing '/'), got \"" + path + "\"");
            }
        }
        for (String tree : SYSTEM_TREES) {
            if (path.equals(tree) || path.startsWith(tree + "/")) {
                return Optional.of("may not mount over " + tree + ", which the runtime or the kernel provides");
            }
        }
        if (SYSTEM_DIRECTORIES.contains(path) || path.matches("/lib(32|64|x32)?")) {
            return Optional.of("may not mount over the system directory " + path);
        }
        return Optional.empty();
    }
}
