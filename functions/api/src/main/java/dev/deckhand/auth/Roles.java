package dev.deckhand.auth;

/**
 * The roles a caller's token may carry (in the claim {@code micronaut.security.token.roles-name}, default
 * {@code roles}). {@code admin} may call every route; the others only their feature's.
 */
public final class Roles {

    /** Nodes, images, prewarm tasks, services; and everything the other roles may do. */
    public static final String ADMIN = "admin";
    /** Simplified deployments (seed 004). */
    public static final String DEPLOYER = "deployer";
    /** Tenant jobs of the one tenant named by the token's tenant claim (seed 003). */
    public static final String TENANT = "tenant";

    private Roles() {
    }
}
