package dev.deckhand.console;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URI;

/**
 * The web console's entry: its static assets are served under {@code /console/} (micronaut.router.static-resources
 * .console), open to anyone, since the page asks for the token and sends it with every API call. {@code /console}
 * without the slash redirects there, so that the page's relative links resolve under {@code /console/}.
 */
@Secured(SecurityRule.IS_ANONYMOUS)
@Controller
@Hidden
public class ConsoleController {

    @Get("/console")
    public HttpResponse<?> console() {
        // Relative: behind an API Gateway stage (/prod/console) it stays under the stage.
        return HttpResponse.temporaryRedirect(URI.create("console/"));
    }
}
