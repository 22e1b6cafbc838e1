package dev.deckhand.console;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The web console's entry. Its assets are static resources under {@code /console/} (micronaut.router.static-resources
 * .console), open to anyone: the page asks for the token and sends it with every API call. This route answers
 * {@code /console}, and {@code /console/} too (Micronaut matches routes with or without the trailing slash, so it
 * wins over the static mapping there): without the slash it redirects to the slash, so that the page's relative
 * links resolve under {@code /console/}; with it, it answers the page.
 */
@Secured(SecurityRule.IS_ANONYMOUS)
@Controller
@Hidden
public class ConsoleController {

    private static final String PAGE = "console/index.html";

    private final String page;

    public ConsoleController() {
        try (InputStream in = ConsoleController.class.getClassLoader().getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the classpath");
            }
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get("/console")
    public HttpResponse<?> console(HttpRequest<?> request) {
        if (request.getPath().endsWith("/")) {
            return HttpResponse.ok(page).contentType(MediaType.TEXT_HTML_TYPE);
        }
        // Relative: behind an API Gateway stage (/prod/console) it stays under the stage.
        return HttpResponse.temporaryRedirect(URI.create("console/"));
    }
}
