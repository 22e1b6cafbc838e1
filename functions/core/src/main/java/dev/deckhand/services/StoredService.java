package dev.deckhand.services;

/**
 * A service as Deckhand stores it on its Deployment and Service (annotation {@link ServiceLabels#STORED}), so that
 * either object alone is enough to recreate the other.
 *
 * @param id       stable id: random for a POSTed service, derived from the name for a compose service
 * @param name     the Deployment's and Service's name
 * @param origin   compose or api
 * @param created  when Deckhand first created it (ISO-8601 instant); kept across updates and recreation
 * @param detached false for a run to completion (a Job)
 * @param spec     what runs
 */
public record StoredService(String id, String name, ServiceOrigin origin, String created, boolean detached, ServiceSpec spec) {

    public String specHash() {
        return ServiceLabels.hash(name + "\n" + id + "\n" + spec.canonical());
    }
}
