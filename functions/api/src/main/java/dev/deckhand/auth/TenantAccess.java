package dev.deckhand.auth;

import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthorizationException;
import jakarta.inject.Singleton;

/**
 * A {@code tenant} caller reaches its own tenant only: the tenant a request names must be the one in the caller's
 * tenant claim, checked before anything is looked up, so a refusal says nothing of whether the other tenant exists.
 * {@code admin} callers reach every tenant.
 */
@Singleton
public class TenantAccess {

    private final String tenantClaim;

    public TenantAccess(AuthSettings settings) {
        this.tenantClaim = settings.tenantClaim();
    }

    /** Throws a 403 unless {@code caller} may act for {@code tenant}. */
    public void check(Authentication caller, String tenant) {
        if (caller.getRoles().contains(Roles.ADMIN)) {
            return;
        }
        Object own = caller.getAttributes().get(tenantClaim);
        if (!caller.getRoles().contains(Roles.TENANT) || own == null || !own.toString().equals(tenant)) {
            throw new AuthorizationException(caller);
        }
    }
}
