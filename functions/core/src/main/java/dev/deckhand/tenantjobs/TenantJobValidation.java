package dev.deckhand.tenantjobs;

import dev.deckhand.cluster.MountPaths;
import dev.deckhand.text.UserText;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pure checks of a request's own fields (what needs the cluster, the tenant's namespace and its PVCs, is
 * {@link TenantJobService}'s), and the deterministic Job name {@code job-{tenantId}-{hash}}.
 */
public final class TenantJobValidation {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int HASH_CHARS = 10;
    private static final int MAX_NAME = 63;

    private TenantJobValidation() {
    }

    /** A tenant id is a DNS-1123 label (its namespace is named after it). */
    public static String tenant(String tenant) {
        if (tenant == null || tenant.isEmpty()) {
            throw new TenantJobValidationException("tenant", "tenant is required");
        }
        if (tenant.length() > 63 || !DNS_LABEL.matcher(tenant).matches()) {
            throw new TenantJobValidationException("tenant", "tenant must be a DNS-1123 label (lower-case letters, digits "
                    + "and '-', at most 63 characters, starting and ending with a letter or digit), got \"" + tenant + "\"");
        }
        return tenant;
    }

    public static ValidJobRequest validate(TenantJobRequest request, TenantJobSettings settings) {
        String tenant = tenant(request.tenant());
        String cmd = request.cmd();
        if (cmd == null || cmd.isBlank()) {
            throw new TenantJobValidationException("cmd", "cmd must be a non-empty command");
        }
        if (cmd.length() > settings.maxCommandLength()) {
            throw new TenantJobValidationException("cmd", "cmd is " + cmd.length() + " characters; at most "
                    + settings.maxCommandLength() + " are allowed");
        }
        UserText.problem(cmd).ifPresent(problem -> {
            // One line, as the seed's commands: the template runs it with sh -c in the tenant's own restricted pod,
            // so ';' and '$(...)' are the tenant's shell at work, but a newline, NUL, escape or bidi control is never
            // a command's.
            throw new TenantJobValidationException("cmd", "cmd must be one line of printable text: it " + problem);
        });
        List<TenantJobRequest.Volume> vols = request.vols() == null ? List.of() : request.vols();
        if (vols.size() > settings.maxVolumes()) {
            throw new TenantJobValidationException("vols", vols.size() + " volumes; at most " + settings.maxVolumes()
                    + " are allowed");
        }
        List<TenantJobRequest.Volume> valid = new ArrayList<>();
        Set<String> mounts = new HashSet<>();
        for (int i = 0; i < vols.size(); i++) {
            TenantJobRequest.Volume vol = vols.get(i);
            String at = "vols[" + i + "]";
            if (vol == null) {
                throw new TenantJobValidationException(at, "must be an object {\"pvc\", \"mount\"}");
            }
            String pvc = vol.pvc();
            if (pvc == null || pvc.isEmpty()) {
                throw new TenantJobValidationException(at + ".pvc", "pvc is required");
            }
            if (pvc.length() > 253 || !DNS_SUBDOMAIN.matcher(pvc).matches()) {
                throw new TenantJobValidationException(at + ".pvc", "not a valid PersistentVolumeClaim name: \"" + pvc + "\"");
            }
            String mount = mountPath(vol.mount(), at + ".mount");
            if (!mounts.add(mount)) {
                throw new TenantJobValidationException(at + ".mount", "mount path " + mount + " is used twice");
            }
            valid.add(new TenantJobRequest.Volume(pvc, mount));
        }
        return new ValidJobRequest(tenant, cmd, List.copyOf(valid), jobName(tenant, cmd, valid));
    }

    /** A mount path by {@link MountPaths}' rule, shared with deployments. */
    static String mountPath(String mount, String field) {
        MountPaths.problem(mount).ifPresent(problem -> {
            throw new TenantJobValidationException(field, problem);
        });
        return mount;
    }

    /**
     * {@code job-{tenant}-{hash}}: the hash (SHA-256, first 10 hex digits) covers tenant, command and volumes in
     * order, so an identical request names the same Job. The tenant part is cut so the name stays a 63-character
     * label (the namespace is the tenant's anyway).
     */
    static String jobName(String tenant, String cmd, List<TenantJobRequest.Volume> vols) {
        StringBuilder canonical = new StringBuilder().append(tenant).append('\0').append(cmd);
        for (TenantJobRequest.Volume v : vols) {
            canonical.append('\0').append(v.pvc()).append('\0').append(v.mount());
        }
        String hash;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            hash = HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        int room = MAX_NAME - "job-".length() - 1 - HASH_CHARS;
        String part = tenant.length() > room ? tenant.substring(0, room) : tenant;
        return "job-" + part + "-" + hash;
    }
}
