package dev.deckhand.tenantjobs;

/** A tenant already has as many unfinished jobs as it may; answered 429, nothing created. */
public class TenantJobLimitException extends RuntimeException {

    public TenantJobLimitException(String tenant, long unfinished, int max) {
        super("tenant " + tenant + " has " + unfinished + " jobs not yet finished, the most it may have in flight is "
                + max + ": wait for some to finish or delete them");
    }
}
