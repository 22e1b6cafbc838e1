package dev.deckhand.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class MountPathsTest {

    @Test
    void refusesPathsThatAreNotAbsoluteNormalisedPrintableAndShort() {
        for (String path : List.of("", "data", "./data", "/", "//", "/data/", "/tmp/./x", "/a/../etc", "/a\\..\\etc",
                "/da\nta", "/da\u0000ta", "/da\u202eta", "/da\u2028ta", "C:\\data", "/c:/data", "/" + "a".repeat(1024))) {
            assertTrue(MountPaths.problem(path).isPresent(), path);
        }
        assertTrue(MountPaths.problem(null).isPresent());
    }

    @Test
    void refusesMountingOverWhatTheKernelOrTheRuntimeProvides() {
        for (String path : List.of("/proc", "/proc/1", "/sys", "/sys/fs/cgroup", "/dev", "/dev/shm", "/etc", "/bin", "/sbin",
                "/lib", "/lib64", "/lib32", "/libx32", "/usr", "/run/secrets", "/run/secrets/kubernetes.io", "/var/run/secrets",
                "/var/run/secrets/kubernetes.io/serviceaccount", "/var/run/docker.sock", "/run/containerd",
                "/run/containerd/containerd.sock")) {
            assertTrue(MountPaths.problem(path).orElseThrow().startsWith("may not mount over"), path);
        }
    }

    @Test
    void acceptsOrdinaryDataDirectoriesIncludingOnesBelowSystemDirectories() {
        for (String path : List.of("/data", "/mydata", "/src", "/dest", "/var/lib/postgresql/data",
                "/usr/share/nginx/html", "/etc-data", "/library", "/opt/app/cache", "/tmp/x", "/run/app")) {
            assertTrue(MountPaths.problem(path).isEmpty(), path + ": " + MountPaths.problem(path));
        }
    }
}
