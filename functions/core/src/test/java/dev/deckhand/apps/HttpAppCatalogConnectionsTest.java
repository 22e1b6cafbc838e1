package dev.deckhand.apps;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotSame;

class HttpAppCatalogConnectionsTest {

    @Test
    void droppingConnectionsGivesTheNextCallANewClient() {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false)
                .properties(Map.of("deckhand.deployments.catalog-url", "http://127.0.0.1:1")).start()) {
            HttpAppCatalog catalog = new HttpAppCatalog(context.getBean(AppSettings.class), context.getBean(JsonMapper.class));
            HttpClient before = catalog.httpClient();
            catalog.dropConnections();
            assertNotSame(before, catalog.httpClient());
        }
    }
}
