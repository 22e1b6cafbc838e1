package dev.deckhand.tenantjobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TenantJobValidationTest {

    private static final TenantJobSettings SETTINGS = TenantJobSettings.defaults();

    private static ValidJobRequest valid(String tenant, String cmd, TenantJobRequest.Volume... vols) {
        return TenantJobValidation.validate(new TenantJobRequest(tenant, cmd, List.of(vols)), SETTINGS);
    }

    private static TenantJobRequest.Volume vol(String pvc, String mount) {
        return new TenantJobRequest.Volume(pvc, mount);
    }

    @Test
    void theNameIsDeterministicAndCoversTenantCommandAndVolumesInOrder() {
        ValidJobRequest a = valid("tenant-a", "cp -r /src/* /dest/", vol("data", "/src"), vol("results", "/dest"));
        assertTrue(a.jobName().matches("job-tenant-a-[0-9a-f]{10}"), a.jobName());
        assertEquals(a.jobName(), valid("tenant-a", "cp -r /src/* /dest/", vol("data", "/src"), vol("results", "/dest")).jobName());
        assertNotEquals(a.jobName(), valid("tenant-a", "cp -r /src/* /dest", vol("data", "/src"), vol("results", "/dest")).jobName());
        assertNotEquals(a.jobName(), valid("tenant-a", "cp -r /src/* /dest/", vol("results", "/dest"), vol("data", "/src")).jobName());
        assertNotEquals(a.jobName(), valid("tenant-a", "cp -r /src/* /dest/", vol("data", "/src"), vol("results", "/out")).jobName());
        assertEquals("tenant-a", a.namespace());
    }

    @Test
    void aLongTenantIdStillGivesA63CharacterName() {
        String tenant = "t".repeat(63);
        String name = valid(tenant, "true").jobName();
        assertEquals(63, name.length(), name);
        // A Mongo ObjectID, as seed 003's tenants have, fits whole.
        assertTrue(valid("5f8d0d55b54764421b7156c9", "true").jobName().startsWith("job-5f8d0d55b54764421b7156c9-"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Tenant", "tenant_a", "-a", "a-", "a.b"})
    void tenantIdsThatAreNotDnsLabelsAreRefused(String tenant) {
        var e = assertThrows(TenantJobValidationException.class, () -> valid(tenant, "true"));
        assertEquals("tenant", e.field());
    }

    @Test
    void aTenantIdOf64CharactersIsRefused() {
        assertThrows(TenantJobValidationException.class, () -> valid("a".repeat(64), "true"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"relative", "./x", "/", "/a/../b", "/..", "/a//b", "/a/./b", "/a/", "/a\u0000b", "/a:b"})
    void mountPathsMustBeAbsoluteNormalisedAndPlain(String mount) {
        var e = assertThrows(TenantJobValidationException.class, () -> valid("tenant-a", "true", vol("data", mount)));
        assertEquals("vols[0].mount", e.field());
    }

    @Test
    void goodMountPathsPass() {
        assertEquals("/var/data/in", valid("tenant-a", "true", vol("data", "/var/data/in")).vols().get(0).mount());
        assertEquals("/a..b", valid("tenant-a", "true", vol("data", "/a..b")).vols().get(0).mount());
    }

    @Test
    void duplicateMountsAreRefusedNamingTheSecond() {
        var e = assertThrows(TenantJobValidationException.class,
                () -> valid("tenant-a", "true", vol("data", "/x"), vol("results", "/y"), vol("archive", "/x")));
        assertEquals("vols[2].mount", e.field());
    }

    @Test
    void pvcNamesMustBeObjectNames() {
        for (String bad : List.of("", "Data", "ns/data", "../data", "a b")) {
            var e = assertThrows(TenantJobValidationException.class, () -> valid("tenant-a", "true", vol(bad, "/x")), bad);
            assertEquals("vols[0].pvc", e.field());
        }
    }

    @Test
    void theCommandMustBeNonEmptyAndCapped() {
        assertEquals("cmd", assertThrows(TenantJobValidationException.class, () -> valid("tenant-a", null)).field());
        assertEquals("cmd", assertThrows(TenantJobValidationException.class, () -> valid("tenant-a", " \n")).field());
        assertEquals("cmd", assertThrows(TenantJobValidationException.class, () -> valid("tenant-a", "x".repeat(4097))).field());
        assertEquals(4096, valid("tenant-a", "x".repeat(4096)).cmd().length());
    }

    @Test
    void theNumberOfVolumesIsCapped() {
        TenantJobRequest.Volume[] vols = new TenantJobRequest.Volume[9];
        for (int i = 0; i < vols.length; i++) {
            vols[i] = vol("data", "/m" + i);
        }
        assertEquals("vols", assertThrows(TenantJobValidationException.class, () -> valid("tenant-a", "true", vols)).field());
        assertEquals(8, valid("tenant-a", "true", java.util.Arrays.copyOf(vols, 8)).vols().size());
    }
}
